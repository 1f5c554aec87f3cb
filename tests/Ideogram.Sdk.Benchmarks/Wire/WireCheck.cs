using System.Text;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Benchmarks.Baseline;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Ideogram.Sdk.Benchmarks.Wire;

/// <summary>
/// Holds the comparison honest: each scenario is sent once through the SDK and once by hand, and the two requests must
/// carry the same method, route, credential, fields and values (multipart parts compared by name, value, file name and
/// type; JSON compared as a tree, Runware's random task UUID aside). Only the SDK's <c>User-Agent</c> may differ, and
/// the quoting of part names (the SDK writes <c>name="prompt"</c> as curl does, <c>MultipartFormDataContent.Add(content,
/// name)</c> writes <c>name=prompt</c>; both mean the same field).
/// </summary>
internal static class WireCheck
{
    private sealed record Sent(string Method, string Path, string Headers, string Body);

    public static async Task<bool> RunAsync()
    {
        var ok = true;
        var image = Scenarios.Image(64 * 1024);
        ok &= await CompareAsync("Ideogram generate", IdeogramProvider.Ideogram,
            c => c.GenerateAsync(Scenarios.IdeogramGenerate()), h => new HandIdeogram(h).GenerateAsync(Scenarios.Prompt)).ConfigureAwait(false);
        ok &= await CompareAsync("Ideogram remix", IdeogramProvider.Ideogram,
            c => c.RemixAsync(Scenarios.Remix(ImageInput.FromBytes(image, "in.png"))), h => new HandIdeogram(h).RemixAsync(image)).ConfigureAwait(false);
        ok &= await CompareAsync("Segmind JSON", IdeogramProvider.Segmind,
            c => c.GenerateAsync(Scenarios.JsonGenerate()), h => new HandSegmind(h).GenerateAsync(Scenarios.Prompt)).ConfigureAwait(false);
        ok &= await CompareAsync("Runware JSON", IdeogramProvider.Runware,
            c => c.GenerateAsync(Scenarios.JsonGenerate()), h => new HandRunware(h).GenerateAsync(Scenarios.Prompt)).ConfigureAwait(false);
        ok &= await CompareAsync("Runflow submit + poll", IdeogramProvider.Runflow,
            c => c.GenerateAsync(Scenarios.JsonGenerate()), h => new HandRunflow(h).GenerateAsync(Scenarios.Prompt)).ConfigureAwait(false);
        return ok;
    }

    private static async Task<bool> CompareAsync(string name, IdeogramProvider provider, Func<IdeogramClient, Task> sdkCall, Func<HttpClient, Task> handCall)
    {
        var baseAddress = new Uri("https://provider.bench/");
        var sdkSent = new List<Sent>();
        var handSent = new List<Sent>();
        using (var transport = new InMemoryProvider())
        {
            transport.Observe = (r, b) => sdkSent.Add(Capture(r, b));
            using var sdk = Scenarios.Sdk(provider, transport, baseAddress);
            await sdkCall(sdk).ConfigureAwait(false);
            transport.Observe = (r, b) => handSent.Add(Capture(r, b));
            using var http = Scenarios.Hand(provider, transport, baseAddress);
            await handCall(http).ConfigureAwait(false);
        }

        var problems = new List<string>();
        if (sdkSent.Count != handSent.Count)
        {
            problems.Add($"{sdkSent.Count} SDK requests, {handSent.Count} hand-written");
        }

        for (var i = 0; i < Math.Min(sdkSent.Count, handSent.Count); i++)
        {
            var (s, h) = (sdkSent[i], handSent[i]);
            if (s.Method != h.Method || s.Path != h.Path)
            {
                problems.Add($"request {i}: {s.Method} {s.Path} vs {h.Method} {h.Path}");
            }

            if (s.Headers != h.Headers)
            {
                problems.Add($"request {i} headers: SDK [{s.Headers}] vs hand [{h.Headers}]");
            }

            if (s.Body != h.Body)
            {
                problems.Add($"request {i} body:\n    SDK  {s.Body}\n    hand {h.Body}");
            }
        }

        Console.WriteLine(problems.Count == 0
            ? $"  wire check {name}: same requests ({sdkSent.Count}), same fields"
            : $"  wire check {name}: DIFFERENT\n    " + string.Join("\n    ", problems));
        return problems.Count == 0;
    }

    private static Sent Capture(HttpRequestMessage request, ReadOnlyMemory<byte> body)
    {
        var headers = request.Headers.Where(h => h.Key is not "User-Agent")
            .Concat(request.Content?.Headers.Where(h => h.Key == "Content-Type" && !h.Value.First().StartsWith("multipart/", StringComparison.Ordinal)) ?? [])
            .Select(h => $"{h.Key}: {string.Join(",", h.Value)}")
            .Order(StringComparer.Ordinal);
        var text = request.Content is MultipartContent { Headers.ContentType.MediaType: "multipart/form-data" } form
            ? Parts(form, body)
            : Normalize(Encoding.UTF8.GetString(body.Span));
        return new Sent(request.Method.Method, request.RequestUri!.AbsolutePath, string.Join("; ", headers), text);
    }

    private static string Parts(MultipartContent form, ReadOnlyMemory<byte> body)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(form.Headers.ContentType!.ToString()).Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(body.ToArray()));
        var parts = new List<string>();
        while (reader.ReadNextSectionAsync().GetAwaiter().GetResult() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            using var content = new MemoryStream();
            section.Body.CopyTo(content);
            var value = content.Length > 256 ? $"<{content.Length} bytes>" : Encoding.UTF8.GetString(content.ToArray());
            parts.Add($"{HeaderUtilities.RemoveQuotes(disposition.Name)}={value}"
                + (disposition.FileName.HasValue ? $" (file {HeaderUtilities.RemoveQuotes(disposition.FileName)}, {section.ContentType})" : string.Empty));
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(" & ", parts);
    }

    private static string Normalize(string json)
    {
        if (json.Length == 0)
        {
            return json;
        }

        var node = JsonNode.Parse(json)!;
        if (node is JsonArray tasks)
        {
            foreach (var task in tasks.OfType<JsonObject>())
            {
                task["taskUUID"] = "<uuid>";
            }
        }

        return Sorted(node)!.ToJsonString();
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };
}
