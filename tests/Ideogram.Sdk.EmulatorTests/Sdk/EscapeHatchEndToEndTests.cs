using System.Text.Json.Nodes;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.EmulatorTests.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Sdk;

/// <summary>Extra wire fields and raw answers over real HTTP against the emulator.</summary>
public sealed class EscapeHatchEndToEndTests
{
    [Fact]
    public async Task An_extra_field_reaches_a_provider_that_takes_it_and_a_strict_one_refuses_it_with_its_own_error()
    {
        await using var lenient = await EmuKit.StartAsync(o => o.AllowUnknownFields = true);
        await using var strict = await EmuKit.StartAsync();
        var request = new GenerateRequest("fox") { ExtraWireFields = new Dictionary<string, JsonNode?> { ["future_knob"] = 3 } };

        using (var client = EmuKit.SdkClient(lenient, IdeogramProvider.Segmind, EmulatedProvider.Segmind, "sg-key"))
        {
            var result = await client.GenerateAsync(request);

            Assert.Contains(result.Warnings, w => w.Code == Warning.ExtraWireFields);
            Assert.Equal(3, (int)JsonNode.Parse(Assert.Single(lenient.Control.GetJournal(EmulatedProvider.Segmind)).BodyText!)!["future_knob"]!);
            Assert.Equal(System.Net.HttpStatusCode.OK, result.RawResponse!.StatusCode);
        }

        using (var client = EmuKit.SdkClient(strict, IdeogramProvider.Segmind, EmulatedProvider.Segmind, "sg-key"))
        {
            var e = await Assert.ThrowsAsync<IdeogramBadRequestException>(() => client.GenerateAsync(request));

            Assert.Contains("future_knob", e.RawResponse!.ReadBodyAsString(), StringComparison.Ordinal);
        }
    }
}
