using System.Text.Json;
using Ideogram.Sdk.Tests.Infrastructure;

namespace Ideogram.Sdk.Tests.Providers.Ideogram;

internal static class IdeogramTestKit
{
    public static readonly Uri BaseAddress = new("https://ideogram.test/");

    public const string Key = "sk-ideogram-secret-123";

    public static IdeogramClient Client(ScriptedHandler handler, FakeTimeProvider? time = null, Action<IdeogramClientOptions>? configure = null)
    {
        var options = new IdeogramClientOptions
        {
            Provider = IdeogramProvider.Ideogram,
            ApiKey = Key,
            BaseAddress = BaseAddress,
            TimeProvider = time ?? new DelayRecordingTimeProvider { AutoAdvanceDelays = true },
        };
        configure?.Invoke(options);
        return new IdeogramClient(options, handler);
    }

    /// <summary>The example body of a schema in the copy of Ideogram's OpenAPI spec under tests/.</summary>
    public static string SpecExample(string schema)
    {
        using var spec = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Spec", "ideogram-openapi.json")));
        return spec.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("example").GetRawText();
    }

    public static string V3Response(int count = 1, bool safe = true, string created = "2024-10-30T22:46:49.796902+00:00") =>
        JsonSerializer.Serialize(new
        {
            created,
            data = Enumerable.Range(0, count).Select(i => new
            {
                url = safe ? $"https://ideogram.ai/api/images/ephemeral/img{i}.png?exp=1782875452&sig=abc" : null,
                prompt = "revised prompt",
                resolution = "1312x736",
                is_image_safe = safe,
                seed = 42 + i,
                style_type = "DESIGN",
            }),
        });

    public static Dictionary<string, List<FormPart>> ByName(this List<FormPart> parts) =>
        parts.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.ToList());
}
