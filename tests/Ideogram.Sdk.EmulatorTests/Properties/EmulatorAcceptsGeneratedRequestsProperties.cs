using CsCheck;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.EmulatorTests.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Properties;

/// <summary>
/// For every provider: any request inside its capabilities, sent by the SDK, is accepted by the emulator in strict
/// mode (undocumented fields, wrong enum spellings and out-of-range numbers are refused there), and answers with as
/// many images as were asked for.
/// </summary>
/// <remarks>
/// A failure prints the shrunk request and CsCheck's seed; replay one case with
/// <c>CsCheck_Seed=&lt;seed&gt; dotnet test --filter "FullyQualifiedName~EmulatorAcceptsGeneratedRequestsProperties"</c>.
/// </remarks>
public sealed class EmulatorAcceptsGeneratedRequestsProperties : IAsyncLifetime
{
    /// <summary>Cases per provider: each is one to eight loopback calls, so a provider takes about half a second.</summary>
    private const int Cases = 100;

    private IdeogramEmulator _emu = null!;

    public async Task InitializeAsync() => _emu = await EmuKit.StartAsync();

    public async Task DisposeAsync() => await _emu.DisposeAsync();

    public static TheoryData<IdeogramProvider> Providers => [.. Enum.GetValues<IdeogramProvider>()];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Every_request_within_the_capabilities_is_accepted_on_the_wire(IdeogramProvider provider)
    {
        using var client = EmuKit.SdkClient(_emu, provider, Host(provider), "property-key");

        await NeutralRequests.Tapes.Select(tape => NeutralRequests.Generate(provider, tape)).SampleAsync(
            async generated =>
            {
                var result = await NeutralRequests.SendAsync(client, generated.Request);
                if (generated.Request.Operation == ImageOperation.Describe)
                {
                    Assert.NotEmpty(result.Descriptions);
                }
                else
                {
                    Assert.Equal(generated.Request.NumImages ?? 1, result.Images.Count);
                }
            },
            iter: Cases,
            threads: 1);
    }

    private static EmulatedProvider Host(IdeogramProvider provider) => provider switch
    {
        IdeogramProvider.Ideogram => EmulatedProvider.Ideogram,
        IdeogramProvider.Runflow => EmulatedProvider.Runflow,
        IdeogramProvider.Segmind => EmulatedProvider.Segmind,
        IdeogramProvider.Runware => EmulatedProvider.Runware,
        IdeogramProvider.ApiInOne => EmulatedProvider.ApiInOne,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };
}
