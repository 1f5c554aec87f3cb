using System.Net.Http.Headers;
using System.Text;
using Ideogram.Sdk.Providers.Runflow;

namespace Ideogram.Sdk.AspNetCore.Tests.Infrastructure;

/// <summary>Delivery bodies as the providers send them, and requests that post them.</summary>
internal static class Deliveries
{
    public const string Secret = "whsec_2f1d9c0b7a6e5d4c3b2a1908f7e6d5c4";
    public const string OldSecret = "whsec_old_5e4d3c2b1a09f8e7";
    public const string Token = "rw-token-0123456789abcdefABCDEF";
    public const string RunId = "0197d3c2-aaaa-7bbb-8ccc-000000000001";
    public const string TaskUuid = "c34775f2-381c-4c0d-89bc-1d8e9bb0499b";

    public static byte[] RunflowSucceeded(string runId = RunId) => Encoding.UTF8.GetBytes(
        $$$"""{"event":"run.completed","run_id":"{{{runId}}}","status":"succeeded","output":{"outputs":[{"url":"https://cdn.runflow.test/1.webp","type":"image","width":1024,"height":1024}],"seed":7,"nsfw_detected":false,"timing":null},"duration_ms":102345,"created_at":"2026-05-06T10:00:00.000+00:00","completed_at":"2026-05-06T10:01:42.000+00:00","metadata":{"job":"42"}}""");

    public static byte[] RunflowFailed(string runId = RunId) => Encoding.UTF8.GetBytes(
        $$"""{"event":"run.failed","run_id":"{{runId}}","status":"failed","output":{"code":"PROVIDER_ERROR","message":"The model crashed."},"duration_ms":1000,"created_at":"2026-05-06T10:00:00.000+00:00","completed_at":"2026-05-06T10:00:01.000+00:00","metadata":null}""");

    public static byte[] RunwareItem(string imageUuid, string taskUuid = TaskUuid) => Encoding.UTF8.GetBytes(
        $$"""{"taskType":"imageInference","taskUUID":"{{taskUuid}}","imageUUID":"{{imageUuid}}","imageURL":"https://im.runware.ai/image/ws/2/ii/{{imageUuid}}.png","seed":11,"cost":0.06}""");

    public static byte[] RunwareError(string taskUuid = TaskUuid) => Encoding.UTF8.GetBytes(
        $$"""{"code":"timeoutProvider","message":"The provider did not answer in time.","taskUUID":"{{taskUuid}}","taskType":"imageInference","status":"error"}""");

    public static HttpRequestMessage Runflow(byte[] body, string? secret = Secret, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "hooks/ideogram/runflow") { Content = Json(body) };
        if (signature is not null || secret is not null)
        {
            request.Headers.Add(RunflowWebhook.SignatureHeader, signature ?? RunflowWebhook.Sign(body, secret!));
        }

        request.Headers.Add(RunflowWebhook.RequestIdHeader, "req_1");
        return request;
    }

    public static HttpRequestMessage Runware(byte[] body, string? token = Token) =>
        new(HttpMethod.Post, "hooks/ideogram/runware" + (token is null ? string.Empty : "?token=" + Uri.EscapeDataString(token))) { Content = Json(body) };

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
