using System.Text.Json;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Emulator.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ideogram.Sdk.Emulator.Hosting;

/// <summary>
/// The HTTP face of <see cref="EmulatorControl"/>, served on every provider host under <c>/_emulator/</c>:
/// <c>POST/GET/DELETE /_emulator/faults</c>, <c>GET/DELETE /_emulator/journal</c>, <c>GET /_emulator/callbacks</c> and
/// <c>GET/DELETE /_emulator/in-flight</c>.
/// </summary>
internal static class ControlEndpoints
{
    public const string Prefix = "/_emulator";

    private static readonly Dictionary<string, FaultKind> KindNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rate-limit"] = FaultKind.RateLimit,
        ["server-error"] = FaultKind.ServerError,
        ["bad-gateway"] = FaultKind.BadGateway,
        ["service-unavailable"] = FaultKind.ServiceUnavailable,
        ["status"] = FaultKind.Status,
        ["delay"] = FaultKind.Delay,
        ["abort"] = FaultKind.Abort,
        ["truncated-body"] = FaultKind.TruncatedBody,
        ["malformed-json"] = FaultKind.MalformedJson,
        ["html-error"] = FaultKind.HtmlError,
        ["gateway-timeout"] = FaultKind.GatewayTimeout,
        ["empty-body"] = FaultKind.EmptyBody,
        ["oversized-body"] = FaultKind.OversizedBody,
        ["stalled-body"] = FaultKind.StalledBody,
    };

    private static readonly Dictionary<string, RequestPhase> PhaseNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["submission"] = RequestPhase.Submission,
        ["status"] = RequestPhase.Status,
        ["follow-up"] = RequestPhase.FollowUp,
        ["download"] = RequestPhase.Download,
        ["upload"] = RequestPhase.Upload,
        ["other"] = RequestPhase.Other,
    };

    private static readonly HashSet<string> FaultFields = new(StringComparer.Ordinal)
    {
        "provider", "method", "path", "phase", "kind", "afterHandling", "count", "status", "retryAfterSeconds", "delayMs",
        "bodyBytes", "withoutContentLength",
    };

    public static string KindName(FaultKind kind) => KindNames.First(pair => pair.Value == kind).Key;

    public static string PhaseName(RequestPhase phase) => PhaseNames.First(pair => pair.Value == phase).Key;

    public static void Map(IEndpointRouteBuilder routes, EmulatedProvider host, EmulatorControl control)
    {
        routes.MapPost(Prefix + "/faults", (HttpContext http) => AddFaultAsync(http, host, control));
        routes.MapGet(Prefix + "/faults", (HttpContext http) =>
            EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, new JsonArray([.. control.Faults.Select(FaultJson)])));
        routes.MapDelete(Prefix + "/faults", (HttpContext http) =>
        {
            control.ClearFaults();
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        routes.MapGet(Prefix + "/journal", (HttpContext http) =>
        {
            EmulatedProvider? filter = null;
            if (http.Request.Query.TryGetValue("provider", out var name))
            {
                if (!ProviderNames.TryParse(name, out var parsed))
                {
                    return EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status400BadRequest, $"Unknown provider '{name}'.");
                }

                filter = parsed;
            }

            RequestPhase? phase = null;
            if (http.Request.Query.TryGetValue("phase", out var phaseName))
            {
                if (!PhaseNames.TryGetValue(phaseName.ToString(), out var parsedPhase))
                {
                    return EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status400BadRequest, $"Unknown phase '{phaseName}'. Known: {string.Join(", ", PhaseNames.Keys)}.");
                }

                phase = parsedPhase;
            }

            return EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, new JsonArray([.. control.GetJournal(filter, phase).Select(EntryJson)]));
        });
        routes.MapDelete(Prefix + "/journal", (HttpContext http) =>
        {
            control.ClearJournal();
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        routes.MapGet(Prefix + "/callbacks", (HttpContext http) =>
            EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, new JsonArray([.. control.GetCallbackAttempts().Select(CallbackJson)])));
        routes.MapGet(Prefix + "/in-flight", (HttpContext http) =>
        {
            var all = new JsonObject();
            foreach (var provider in Enum.GetValues<EmulatedProvider>())
            {
                var stats = control.GetInFlight(provider);
                all[ProviderNames.Of(provider)] = new JsonObject
                {
                    ["openRequests"] = stats.OpenRequests,
                    ["maxOpenRequests"] = stats.MaxOpenRequests,
                    ["imagesInFlight"] = stats.ImagesInFlight,
                    ["maxImagesInFlight"] = stats.MaxImagesInFlight,
                };
            }

            return EmuHttp.WriteJsonAsync(http, StatusCodes.Status200OK, all);
        });
        routes.MapDelete(Prefix + "/in-flight", (HttpContext http) =>
        {
            EmulatedProvider? provider = null;
            if (http.Request.Query.TryGetValue("provider", out var name))
            {
                if (!ProviderNames.TryParse(name, out var parsed))
                {
                    return EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status400BadRequest, $"Unknown provider '{name}'.");
                }

                provider = parsed;
            }

            control.ResetInFlight(provider);
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
    }

    private static async Task AddFaultAsync(HttpContext http, EmulatedProvider host, EmulatorControl control)
    {
        JsonObject body;
        try
        {
            body = JsonNode.Parse(await EmuHttp.ReadBodyAsync(http)) as JsonObject
                ?? throw new JsonException("The body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status400BadRequest, "Invalid JSON: " + ex.Message);
            return;
        }

        if (body.Select(p => p.Key).FirstOrDefault(k => !FaultFields.Contains(k)) is { } unknown)
        {
            await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status400BadRequest, $"Unknown field '{unknown}'.");
            return;
        }

        try
        {
            EmulatedProvider? provider = host;
            var providerName = OptionalString(body, "provider");
            if (string.Equals(providerName, "any", StringComparison.OrdinalIgnoreCase) || providerName == "*")
            {
                provider = null;
            }
            else if (providerName is not null)
            {
                provider = ProviderNames.TryParse(providerName, out var parsed)
                    ? parsed
                    : throw new ArgumentException($"Unknown provider '{providerName}'.");
            }

            var kindName = OptionalString(body, "kind") ?? throw new ArgumentException("'kind' is required.");
            if (!KindNames.TryGetValue(kindName, out var kind))
            {
                throw new ArgumentException($"Unknown kind '{kindName}'. Known: {string.Join(", ", KindNames.Keys)}.");
            }

            RequestPhase? phase = null;
            if (OptionalString(body, "phase") is { } phaseName)
            {
                phase = PhaseNames.TryGetValue(phaseName, out var parsedPhase)
                    ? parsedPhase
                    : throw new ArgumentException($"Unknown phase '{phaseName}'. Known: {string.Join(", ", PhaseNames.Keys)}.");
            }

            var rule = control.AddFault(new FaultRule
            {
                Provider = provider,
                Method = OptionalString(body, "method"),
                Path = OptionalString(body, "path") ?? "*",
                Phase = phase,
                Kind = kind,
                AfterHandling = OptionalBool(body, "afterHandling") ?? false,
                Count = OptionalInt(body, "count") ?? 1,
                StatusCode = OptionalInt(body, "status"),
                RetryAfterSeconds = OptionalInt(body, "retryAfterSeconds"),
                Delay = TimeSpan.FromMilliseconds(OptionalInt(body, "delayMs") ?? 0),
                BodyBytes = OptionalLong(body, "bodyBytes"),
                WithoutContentLength = OptionalBool(body, "withoutContentLength") ?? false,
            });
            await EmuHttp.WriteJsonAsync(http, StatusCodes.Status201Created, FaultJson(rule));
        }
        catch (ArgumentException ex)
        {
            await EmuHttp.WriteJsonErrorAsync(http, StatusCodes.Status400BadRequest, ex.Message);
        }
    }

    private static string? OptionalString(JsonObject body, string name) =>
        body[name] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => throw new ArgumentException($"'{name}' must be a string."),
        };

    private static int? OptionalInt(JsonObject body, string name) =>
        body[name] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<int>(out var i) => i,
            _ => throw new ArgumentException($"'{name}' must be an integer."),
        };

    private static long? OptionalLong(JsonObject body, string name) =>
        body[name] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<long>(out var l) => l,
            _ => throw new ArgumentException($"'{name}' must be an integer."),
        };

    private static bool? OptionalBool(JsonObject body, string name) =>
        body[name] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            _ => throw new ArgumentException($"'{name}' must be true or false."),
        };

    private static JsonObject FaultJson(FaultRule rule) => new()
    {
        ["id"] = rule.Id,
        ["provider"] = rule.Provider is { } p ? ProviderNames.Of(p) : "any",
        ["method"] = rule.Method,
        ["path"] = rule.Path,
        ["phase"] = rule.Phase is { } phase ? PhaseName(phase) : null,
        ["kind"] = KindName(rule.Kind),
        ["afterHandling"] = rule.AfterHandling,
        ["count"] = rule.Count,
        ["remaining"] = rule.Remaining,
        ["status"] = rule.StatusCode,
        ["retryAfterSeconds"] = rule.RetryAfterSeconds,
        ["delayMs"] = (long)rule.Delay.TotalMilliseconds,
        ["bodyBytes"] = rule.BodyBytes,
        ["withoutContentLength"] = rule.WithoutContentLength,
    };

    private static JsonObject CallbackJson(CallbackAttempt attempt) => new()
    {
        ["provider"] = ProviderNames.Of(attempt.Provider),
        ["jobId"] = attempt.JobId,
        ["deliveryId"] = attempt.DeliveryId,
        ["attemptNumber"] = attempt.AttemptNumber,
        ["url"] = attempt.Url.AbsoluteUri,
        ["statusCode"] = attempt.StatusCode,
        ["error"] = attempt.Error,
        ["deliveryState"] = attempt.DeliveryState switch
        {
            CallbackDeliveryState.Succeeded => "succeeded",
            CallbackDeliveryState.Failed => "failed",
            _ => "retrying",
        },
    };

    private static JsonObject EntryJson(JournalEntry entry)
    {
        var headers = new JsonObject();
        foreach (var (name, value) in entry.Headers)
        {
            headers[name] = value;
        }

        return new JsonObject
        {
            ["sequence"] = entry.Sequence,
            ["provider"] = ProviderNames.Of(entry.Provider),
            ["method"] = entry.Method,
            ["path"] = entry.Path,
            ["query"] = entry.Query,
            ["phase"] = PhaseName(entry.Phase),
            ["imagesRequested"] = entry.ImagesRequested,
            ["headers"] = headers,
            ["bodyText"] = entry.BodyText,
            ["bodyBase64"] = Convert.ToBase64String(entry.Body),
            ["timestamp"] = entry.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["statusCode"] = entry.StatusCode,
            ["handled"] = entry.Handled,
            ["providerStatusCode"] = entry.ProviderStatusCode,
            ["fault"] = entry.Fault is { } kind ? KindName(kind) : null,
        };
    }
}
