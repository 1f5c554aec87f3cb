using System.Text.Json;

namespace Ideogram.Sdk.Providers.ApiInOne;

/// <summary>
/// Reads API in One task bodies: the create answer (documented) and <c>GET /api/v1/tasks/{task_id}</c> (NOT documented).
/// <para>
/// ASSUMPTION, unverified against a live call: the task answer uses the create answer's envelope,
/// <c>{"code": 200, "message": "success", "data": {"task_id", "status", ...}}</c>, or is the task object itself. The
/// status word is compared case-insensitively: <c>completed</c>/<c>succeeded</c>/<c>success</c> end well,
/// <c>failed</c>/<c>error</c> end badly, <c>cancelled</c> is cancelled, anything else (the documented
/// <c>IN_PROGRESS</c>, <c>queued</c>, ...) is still running. Result URLs are looked for in <c>output</c>, <c>result</c>,
/// <c>images</c>, <c>image_urls</c>, <c>urls</c>, <c>image_url</c>, <c>url</c> (each a URL, a list, or an object with
/// those names). The failure text is <c>error</c> (a string or an object's <c>message</c>). A body none of this can
/// read is an error that carries it raw. This is the one place to change when a real task body is seen.
/// </para>
/// </summary>
internal static class ApiInOneTask
{
    private static readonly string[] ResultFields = ["output", "result", "results", "images", "image_urls", "urls", "image_url", "url"];

    private static readonly string[] NestedFields = ["image_urls", "images", "urls", "image_url", "url"];

    /// <summary>What a task body says.</summary>
    /// <param name="TaskId">The task id, when present.</param>
    /// <param name="Status">The provider's status word, when present.</param>
    /// <param name="State">The neutral state, or <see langword="null"/> when the body does not say.</param>
    /// <param name="Urls">The result image URLs found.</param>
    /// <param name="Error">The failure text, when present.</param>
    /// <param name="EnvelopeCode">The envelope's <c>code</c>, when it is a number.</param>
    /// <param name="EnvelopeMessage">The envelope's <c>message</c>.</param>
    internal sealed record Snapshot(string? TaskId, string? Status, ImageJobState? State, IReadOnlyList<Uri> Urls, string? Error, int? EnvelopeCode, string? EnvelopeMessage)
    {
        /// <summary>An envelope that reports a failure (<c>code</c> of 400 or more) with no task in it.</summary>
        public bool IsEnvelopeError => EnvelopeCode is >= 400 && TaskId is null && State is null;
    }

    public static Snapshot Read(ProviderResponse response)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(response.Body);
        }
        catch (JsonException e)
        {
            throw ProviderErrors.Unreadable(response, "a task answer that is not JSON", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ProviderErrors.Unreadable(response, "a task answer that is not a JSON object");
            }

            var task = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : root;
            var taskId = ProviderErrors.Text(task, "task_id") ?? ProviderErrors.Text(task, "id");
            var status = ProviderErrors.Text(task, "status") ?? ProviderErrors.Text(root, "status");
            var urls = FindUrls(task);
            int? code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
            return new Snapshot(taskId, status, StateOf(status, urls.Count), urls, ErrorOf(task), code, ProviderErrors.Text(root, "message"));
        }
    }

    /// <summary>The neutral state of a status word (case-insensitive); with no word, found URLs mean done.</summary>
    internal static ImageJobState? StateOf(string? status, int urlCount)
    {
        switch (status?.Trim().ToUpperInvariant())
        {
            case null or "":
                return urlCount > 0 ? ImageJobState.Succeeded : null;
            case "COMPLETED" or "COMPLETE" or "SUCCEEDED" or "SUCCESS" or "DONE" or "FINISHED":
                return ImageJobState.Succeeded;
            case "FAILED" or "FAILURE" or "ERROR":
                return ImageJobState.Failed;
            case "CANCELLED" or "CANCELED":
                return ImageJobState.Canceled;
            case "QUEUED" or "PENDING" or "WAITING" or "SUBMITTED" or "CREATED":
                return ImageJobState.Queued;
            default:
                return ImageJobState.Running;
        }
    }

    private static List<Uri> FindUrls(JsonElement task)
    {
        foreach (var field in ResultFields)
        {
            if (task.TryGetProperty(field, out var value))
            {
                var found = new List<Uri>();
                Collect(value, found, depth: 0);
                if (found.Count > 0)
                {
                    return found;
                }
            }
        }

        return [];
    }

    private static void Collect(JsonElement value, List<Uri> found, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                if (Uri.TryCreate(value.GetString(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
                {
                    found.Add(url);
                }

                break;
            case JsonValueKind.Array when depth < 3:
                foreach (var item in value.EnumerateArray())
                {
                    Collect(item, found, depth + 1);
                }

                break;
            case JsonValueKind.Object when depth < 3:
                foreach (var field in NestedFields)
                {
                    if (value.TryGetProperty(field, out var nested))
                    {
                        Collect(nested, found, depth + 1);
                        if (found.Count > 0)
                        {
                            return;
                        }
                    }
                }

                break;
        }
    }

    private static string? ErrorOf(JsonElement task)
    {
        if (!task.TryGetProperty("error", out var error))
        {
            return ProviderErrors.Text(task, "fail_reason") ?? ProviderErrors.Text(task, "error_message");
        }

        return error.ValueKind switch
        {
            JsonValueKind.String => error.GetString(),
            JsonValueKind.Object => ProviderErrors.Text(error, "message") ?? error.GetRawText(),
            _ => null,
        };
    }
}
