using System.Text.Json.Nodes;

namespace Ideogram.Sdk.Emulator.Providers.ApiInOne;

/// <summary>
/// The body of <c>GET /api/v1/tasks/{task_id}</c>. API in One does not document it; this shape is an assumption
/// (UNVERIFIED) that reuses the documented create envelope <c>{code, message, data}</c>:
/// <c>{"code":200,"message":"success","data":{"task_id":"…","status":"IN_PROGRESS"}}</c> while running,
/// <c>{"code":200,"message":"success","data":{"task_id":"…","status":"completed","output":{"image_urls":["…"]}}}</c>
/// on success and <c>{"code":200,"message":"success","data":{"task_id":"…","status":"failed","error":"…"}}</c> on failure.
/// Change it here when a real response is seen.
/// </summary>
internal static class ApiInOneTaskBody
{
    public static JsonObject Running(string taskId) => Envelope(new JsonObject
    {
        ["task_id"] = taskId,
        ["status"] = "IN_PROGRESS",
    });

    public static JsonObject Completed(string taskId, IEnumerable<Uri> imageUrls) => Envelope(new JsonObject
    {
        ["task_id"] = taskId,
        ["status"] = "completed",
        ["output"] = new JsonObject { ["image_urls"] = new JsonArray([.. imageUrls.Select(u => JsonValue.Create(u.AbsoluteUri))]) },
    });

    public static JsonObject Failed(string taskId, string error) => Envelope(new JsonObject
    {
        ["task_id"] = taskId,
        ["status"] = "failed",
        ["error"] = error,
    });

    private static JsonObject Envelope(JsonObject data) => new()
    {
        ["code"] = 200,
        ["message"] = "success",
        ["data"] = data,
    };
}
