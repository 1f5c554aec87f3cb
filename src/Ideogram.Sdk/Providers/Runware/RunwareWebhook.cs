using System.Net;
using System.Text.Json;

namespace Ideogram.Sdk.Providers.Runware;

/// <summary>
/// Runware's webhook deliveries (the <c>webhookURL</c> of a task, which the SDK sends from
/// <see cref="SubmitOptions.CallbackUrl"/>): reads one POST body into an <see cref="ImageJobStatus"/>.
/// </summary>
/// <remarks>
/// Runware POSTs each result item of a task on its own, as the flat task object (<c>{taskType, taskUUID, imageUUID,
/// imageURL | imageBase64Data | imageDataURI, seed, cost, …}</c>), so a task of N images arrives as N deliveries; a
/// failed task's error object arrives once. Runware documents no signature: authenticate a delivery by a secret token
/// you put into the <c>webhookURL</c> yourself (compare it in constant time) before reading it. Deliveries are retried
/// on any non-2xx answer: handle them idempotently by task UUID and image UUID.
/// </remarks>
public static class RunwareWebhook
{
    /// <summary>
    /// Reads a delivery. A result item gives a <see cref="ImageJobState.Succeeded"/> status whose
    /// <see cref="ImageJobStatus.Result"/> holds that one image (the task may make more: each arrives in a delivery of
    /// its own; <see cref="IIdeogramClient.WaitAsync"/> on the job collects them all); an error gives a
    /// <see cref="ImageJobState.Failed"/> status whose <see cref="ImageJobStatus.Error"/> holds Runware's code and
    /// message. <see cref="ImageJob.Id"/> is the task UUID, the id of the job the SDK returned when it submitted the task;
    /// to collect the task, use that job (or its token), which also knows how many images the task makes.
    /// </summary>
    /// <param name="rawBody">The request body.</param>
    /// <returns>The status the delivery reports.</returns>
    /// <exception cref="FormatException">The body is not a Runware task result or error naming a task UUID.</exception>
    /// <exception cref="IdeogramException">A result item's inline image data is not base64.</exception>
    public static ImageJobStatus Parse(ReadOnlySpan<byte> rawBody)
    {
        string taskUuid;
        bool isError;
        try
        {
            var reader = new Utf8JsonReader(rawBody);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The body is not a Runware webhook delivery (not a JSON object).");
            }

            taskUuid = root.TryGetProperty("taskUUID", out var id) && id.ValueKind == JsonValueKind.String && Guid.TryParse(id.GetString(), out var uuid)
                ? uuid.ToString("D")
                : throw new FormatException("The body is not a Runware webhook delivery: it names no task UUID.");

            // An error object ({code, message, taskUUID, status: "error"}) rather than a result item (which may carry an
            // embedded "error" of its own, read like one in a getResponse answer).
            isError = root.TryGetProperty("code", out _) && !root.TryGetProperty("imageUUID", out _);
        }
        catch (JsonException e)
        {
            throw new FormatException("The body is not a Runware webhook delivery (not JSON).", e);
        }

        // A delivery holds exactly what one item of a getResponse answer holds: it is read by the same code, as a task
        // of one result (the number the task makes is not in the delivery).
        var job = new ImageJob(IdeogramProvider.Runware, ImageOperation.Generate, taskUuid, TimeProvider.System.GetUtcNow(), new Dictionary<string, string>
        {
            [RunwareAdapter.TaskUuidProperty] = taskUuid,
        });
        ReadOnlySpan<byte> open = isError ? "{\"errors\":["u8 : "{\"data\":["u8;
        var envelope = new byte[open.Length + rawBody.Length + 2];
        open.CopyTo(envelope);
        rawBody.CopyTo(envelope.AsSpan(open.Length));
        "]}"u8.CopyTo(envelope.AsSpan(open.Length + rawBody.Length));

        var adapter = new RunwareAdapter();
        var answer = new ProviderResponse(IdeogramProvider.Runware, HttpStatusCode.OK, null, null, envelope, TimeProvider.System, null);
        var context = new PollContext
        {
            Job = job,
            BaseAddress = adapter.DefaultBaseAddress,
            Options = new IdeogramClientOptions { Provider = IdeogramProvider.Runware },
            Time = TimeProvider.System,
        };
        return adapter.ReadPoll(context, answer).Status!;
    }
}
