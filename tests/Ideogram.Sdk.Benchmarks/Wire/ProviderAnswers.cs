using System.Text;

namespace Ideogram.Sdk.Benchmarks.Wire;

/// <summary>
/// The answers each provider documents for the calls the benchmarks make, as UTF-8 bytes. The in-memory transport and
/// the loopback server both answer with these, so the SDK and the hand-written contenders parse the very same bytes.
/// </summary>
internal static class ProviderAnswers
{
    /// <summary>Ideogram <c>POST /v1/ideogram-v3/generate</c> (and remix): <c>ImageGenerationResponseV3</c> with two images, as in the OpenAPI example.</summary>
    public static readonly byte[] IdeogramGenerate = Encoding.UTF8.GetBytes(
        """{"created":"2024-10-30T22:46:49.796902+00:00","data":[{"url":"https://ideogram.ai/api/images/ephemeral/a.png?exp=1782875452&sig=1","prompt":"A poster that says 'HELLO'","resolution":"1312x736","is_image_safe":true,"seed":42,"style_type":"DESIGN"},{"url":"https://ideogram.ai/api/images/ephemeral/b.png?exp=1782875452&sig=1","prompt":"A poster that says 'HELLO'","resolution":"1312x736","is_image_safe":true,"seed":43,"style_type":"DESIGN"}]}""");

    /// <summary>Segmind <c>POST /v1/ideogram-3</c>: <c>{status, output, metrics}</c> (the emulator's and the SDK's reading of the v1 answer).</summary>
    public static readonly byte[] SegmindGenerate = Encoding.UTF8.GetBytes(
        """{"status":"COMPLETED","output":"https://api.segmind.com/generations/0e2b7a4c.png","metrics":{"inference_time":3.21}}""");

    /// <summary>Runflow <c>POST /v1/models/ideogram/v3/runs</c>: HTTP 201 with the run object, <c>status_code: "queued"</c>.</summary>
    public static readonly byte[] RunflowCreated = Encoding.UTF8.GetBytes(
        """{"id":"0197d3c2-8f1e-7a55-b1f4-6a0e2d3c4b5a","status_code":"queued","target_type":"model","model_id":"7f1c7e9e-2b5d-4c1a-9f0e-3d2c1b0a9f8e","input":{"prompt":"A poster that says 'HELLO'","image_size":"landscape_16_9","rendering_speed":"TURBO"},"output":null,"callback_url":null,"metadata":null,"client_ref":null,"created_at":"2026-05-06T10:00:00Z","request_id":"req_01"}""");

    /// <summary>Runflow <c>GET /v1/runs/{id}</c> once the run succeeded.</summary>
    public static readonly byte[] RunflowSucceeded = Encoding.UTF8.GetBytes(
        """{"id":"0197d3c2-8f1e-7a55-b1f4-6a0e2d3c4b5a","status_code":"succeeded","target_type":"model","model_id":"7f1c7e9e-2b5d-4c1a-9f0e-3d2c1b0a9f8e","input":{"prompt":"A poster that says 'HELLO'","image_size":"landscape_16_9","rendering_speed":"TURBO"},"output":{"outputs":[{"url":"https://runflow-outputs.s3.amazonaws.com/outputs/0197d3c2/result.png?X-Amz-Date=20260506T100000Z&X-Amz-Expires=259200&X-Amz-Signature=ab12","type":"image","width":1024,"height":576,"content_type":"image/png"}],"seed":42,"nsfw_detected":false,"timing":{"inference_ms":2310}},"cost":"0.06","created_at":"2026-05-06T10:00:00Z","started_at":"2026-05-06T10:00:01Z","completed_at":"2026-05-06T10:00:04Z","request_id":"req_02"}""");

    /// <summary>The run id inside <see cref="RunflowCreated"/>.</summary>
    public const string RunflowRunId = "0197d3c2-8f1e-7a55-b1f4-6a0e2d3c4b5a";

    /// <summary>The text every Runware answer carries in place of the request's task UUID (36 characters, like a UUID).</summary>
    public const string TaskUuidPlaceholder = "________-____-____-____-____________";

    /// <summary>Runware <c>POST /v1</c> (synchronous <c>imageInference</c>): <c>{"data":[result item]}</c>; the task UUID is echoed from the request.</summary>
    public static readonly byte[] RunwareTemplate = Encoding.UTF8.GetBytes(
        """{"data":[{"taskType":"imageInference","taskUUID":"________-____-____-____-____________","imageUUID":"23665695-77df-4fee-adfb-3493efe8c9d5","imageURL":"https://im.runware.ai/image/os/a13d12/ws/2/ii/23665695-77df-4fee-adfb-3493efe8c9d5.jpg","seed":42,"cost":0.06}]}""");

    private static readonly byte[] TaskUuidKey = Encoding.UTF8.GetBytes("\"taskUUID\":\"");
    private static readonly int PlaceholderAt = RunwareTemplate.AsSpan().IndexOf(Encoding.UTF8.GetBytes(TaskUuidPlaceholder));

    /// <summary>Writes Runware's answer for a request body into <paramref name="answer"/> (the template's length), echoing the first task UUID that is not the authentication task's.</summary>
    public static void Runware(ReadOnlySpan<byte> request, Span<byte> answer)
    {
        RunwareTemplate.CopyTo(answer);
        var at = request.IndexOf(TaskUuidKey);
        if (at >= 0 && at + TaskUuidKey.Length + 36 <= request.Length)
        {
            request.Slice(at + TaskUuidKey.Length, 36).CopyTo(answer[PlaceholderAt..]);
        }
    }
}
