using System.Text.Json.Nodes;

namespace Ideogram.Sdk.Emulator.Providers.Segmind;

/// <summary>
/// The body of a successful synchronous v1 call. Segmind's ideogram-3 page says "Returns: Text/JSON" but shows no
/// example, so this shape is an assumption: the v2 result's shape, <c>{"status":"COMPLETED","output":"&lt;url&gt;",
/// "metrics":{"inference_time":…}}</c> (for describe, <c>output</c> is the description text). Change it here when a
/// real response is seen. <see cref="EmulatorOptions.SegmindRawImageResponse"/> serves raw image bytes instead.
/// </summary>
internal static class SegmindResponses
{
    public static JsonObject V1Result(JsonNode output, double inferenceSeconds) => new()
    {
        ["status"] = "COMPLETED",
        ["output"] = output,
        ["metrics"] = new JsonObject { ["inference_time"] = inferenceSeconds },
    };
}
