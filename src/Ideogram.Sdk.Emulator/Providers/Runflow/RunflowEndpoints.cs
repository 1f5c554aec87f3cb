using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ideogram.Sdk.Emulator.Control;
using Ideogram.Sdk.Emulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ideogram.Sdk.Emulator.Providers.Runflow;

/// <summary>
/// Runflow's run API for <c>ideogram/v3</c>: create a run, read it, list runs, callback secrets and callback delivery
/// history. Runs move queued → dispatching → running → succeeded|failed on the emulator clock.
/// </summary>
internal sealed class RunflowEndpoints : IProviderEndpoints
{
    private readonly ConcurrentDictionary<string, RunflowRun> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RunflowSecret> _secrets = new(StringComparer.Ordinal);
    private EmulatorContext _context = null!;
    private RunflowCallbacks _callbacks = null!;
    private long _sequence;

    /// <summary>Creates the endpoints; state lives until the emulator stops.</summary>
    public RunflowEndpoints()
    {
    }

    /// <inheritdoc />
    public EmulatedProvider Provider => EmulatedProvider.Runflow;

    /// <inheritdoc />
    /// <remarks>Run creation is the submission (<c>input.num_images</c> images, default 1); reading one run is the status read.</remarks>
    public ValueTask<RequestProfile> ClassifyAsync(HttpRequest request, string path, byte[] body, CancellationToken cancellationToken)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (HttpMethods.IsPost(request.Method) && segments is ["v1", "models", ..])
            return ValueTask.FromResult(RequestProfile.Submission(BodyPeek.JsonInteger(body, "input", "num_images") ?? 1));
        if (HttpMethods.IsGet(request.Method) && segments is ["v1", "runs", _])
            return ValueTask.FromResult(RequestProfile.Of(RequestPhase.Status));
        return ValueTask.FromResult(RequestProfile.Other);
    }

    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder routes, EmulatorContext context)
    {
        _context = context;
        var stopping = routes.ServiceProvider.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        _callbacks = new RunflowCallbacks(context, CurrentSecret, stopping);

        routes.MapPost("/v1/models/{**path}", Authorized(CreateRunAsync));
        routes.MapGet("/v1/runs", Authorized(ListRunsAsync));
        routes.MapGet("/v1/runs/{id}", Authorized(GetRunAsync));
        routes.MapGet("/v1/runs/{id}/callback", Authorized(CallbackHistoryAsync));
        routes.MapPost("/v1/runs/{id}/callback-redeliveries", Authorized(RedeliverAsync));
        routes.MapPost("/v1/callback-secrets", Authorized(CreateSecretAsync));
    }

    private RequestDelegate Authorized(Func<HttpContext, string, Task> handler) => http =>
    {
        var key = RunflowHttp.BearerToken(http.Request);
        if (key is null || !_context.IsKeyAccepted(key))
        {
            return RunflowHttp.WriteErrorAsync(
                http, StatusCodes.Status401Unauthorized, RunflowCatalog.Unauthorized,
                key is null ? "Missing bearer token." : "Invalid API token.");
        }

        return handler(http, key);
    };

    private RunflowSecret? CurrentSecret(string key) =>
        _secrets.Values.Where(s => s.OwnerKey == key).MaxBy(s => s.CreatedAt);

    private async Task CreateRunAsync(HttpContext http, string key)
    {
        var path = ((string?)http.Request.RouteValues["path"] ?? string.Empty).TrimEnd('/');
        if (!path.EndsWith("/runs", StringComparison.Ordinal))
        {
            await RunflowHttp.WriteErrorAsync(http, StatusCodes.Status404NotFound, RunflowCatalog.NotFound, "Not found.");
            return;
        }

        var model = path[..^"/runs".Length];
        if (model != RunflowCatalog.ModelPath)
        {
            await RunflowHttp.WriteErrorAsync(http, StatusCodes.Status404NotFound, RunflowCatalog.ModelNotFound, $"Model '{model}' was not found.");
            return;
        }

        using var document = await RunflowHttp.ReadJsonAsync(http);
        if (document is null)
            return;
        var body = document.RootElement;
        if (body.ValueKind != JsonValueKind.Object)
        {
            await RunflowHttp.WriteValidationErrorAsync(http, [new("body", "The request body must be a JSON object.")]);
            return;
        }

        var errors = new List<RunflowFieldError>();
        if (!_context.Options.AllowUnknownFields)
        {
            foreach (var property in body.EnumerateObject())
            {
                if (!RunflowCatalog.CreateFields.Contains(property.Name))
                    errors.Add(new(property.Name, $"Extra inputs are not permitted: '{property.Name}'."));
            }
        }

        RunflowInputPlan? plan = null;
        if (!body.TryGetProperty("input", out var input))
            errors.Add(new("input", "Field required."));
        else
            plan = RunflowInput.Validate(input, _context.Options.AllowUnknownFields, errors);

        string? callbackUrl = null;
        if (body.TryGetProperty("callback_url", out var callback) && callback.ValueKind != JsonValueKind.Null)
        {
            if (callback.ValueKind != JsonValueKind.String || !RunflowInput.IsHttpUrl(callback.GetString()!, out _))
                errors.Add(new("callback_url", "callback_url must be an absolute http(s) URL or null."));
            else
                callbackUrl = callback.GetString();
        }

        JsonNode? metadata = null;
        if (body.TryGetProperty("metadata", out var metadataElement) && metadataElement.ValueKind != JsonValueKind.Null)
        {
            if (metadataElement.ValueKind != JsonValueKind.Object)
                errors.Add(new("metadata", "metadata must be an object or null."));
            else
                metadata = JsonNode.Parse(metadataElement.GetRawText());
        }

        string? clientRef = null;
        if (body.TryGetProperty("client_ref", out var clientRefElement) && clientRefElement.ValueKind != JsonValueKind.Null)
        {
            if (clientRefElement.ValueKind != JsonValueKind.String || clientRefElement.GetString()!.Length > 255)
                errors.Add(new("client_ref", "client_ref must be a string of at most 255 characters."));
            else
                clientRef = clientRefElement.GetString();
        }

        if (errors.Count > 0 || plan is null)
        {
            await RunflowHttp.WriteValidationErrorAsync(http, errors);
            return;
        }

        if (plan.Prompt.Contains(RunflowCatalog.MagicNoCredit, StringComparison.Ordinal))
        {
            await RunflowHttp.WriteErrorAsync(http, StatusCodes.Status402PaymentRequired, RunflowCatalog.InsufficientCredit, "Insufficient credit. Check GET /v1/billing/balance.");
            return;
        }

        if (plan.Prompt.Contains(RunflowCatalog.MagicRateLimit, StringComparison.Ordinal))
        {
            http.Response.Headers.RetryAfter = "1";
            await RunflowHttp.WriteErrorAsync(http, StatusCodes.Status429TooManyRequests, RunflowCatalog.RateLimited, "Too many requests.");
            return;
        }

        var now = _context.Time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        var seed = plan.Seed ?? SeedFor(id);
        var run = new RunflowRun(
            id, Interlocked.Increment(ref _sequence), key, now, _context.Options.JobStepDelay,
            JsonNode.Parse(input.GetRawText())!, plan, seed, callbackUrl, metadata, clientRef);
        _runs[id] = run;
        InFlightTicket.HoldUntil(http, now + 3 * run.Step);
        if (callbackUrl is not null)
            _callbacks.Track(run);

        http.Response.Headers.Location = "/v1/runs/" + id;
        await RunflowHttp.WriteJsonAsync(http, StatusCodes.Status201Created, run.ToJson(RunflowStatus.Queued, _context.Images, RunflowHttp.OrgId(key)));
    }

    /// <summary>A seed in 0..2^31-1 derived from the run id, so a run reports the same generated seed on every read.</summary>
    private static long SeedFor(string id) => BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(id)), 0) & int.MaxValue;

    private bool TryGetOwnRun(HttpContext http, string key, out RunflowRun run) =>
        _runs.TryGetValue((string)http.Request.RouteValues["id"]!, out run!) && run.OwnerKey == key;

    private static Task RunNotFoundAsync(HttpContext http) =>
        RunflowHttp.WriteErrorAsync(http, StatusCodes.Status404NotFound, RunflowCatalog.RunNotFound, "Run does not exist or belongs to another org.");

    private Task GetRunAsync(HttpContext http, string key)
    {
        if (!TryGetOwnRun(http, key, out var run))
            return RunNotFoundAsync(http);
        var status = run.StatusAt(_context.Time.GetUtcNow());
        return RunflowHttp.WriteJsonAsync(http, StatusCodes.Status200OK, run.ToJson(status, _context.Images, RunflowHttp.OrgId(key)));
    }

    private Task CallbackHistoryAsync(HttpContext http, string key) =>
        TryGetOwnRun(http, key, out var run)
            ? RunflowHttp.WriteJsonAsync(http, StatusCodes.Status200OK, _callbacks.History(run.Id))
            : RunNotFoundAsync(http);

    private Task RedeliverAsync(HttpContext http, string key)
    {
        if (!TryGetOwnRun(http, key, out var run))
            return RunNotFoundAsync(http);
        var status = run.StatusAt(_context.Time.GetUtcNow());
        if (run.CallbackUrl is null)
            return RunflowHttp.WriteErrorAsync(http, StatusCodes.Status409Conflict, "NO_CALLBACK_URL", "The run has no callback_url.");
        if (!RunflowRun.IsTerminal(status))
            return RunflowHttp.WriteErrorAsync(http, StatusCodes.Status409Conflict, "RUN_NOT_TERMINAL", "The run has not reached a terminal state.");
        var delivery = _callbacks.Redeliver(run, status);
        return RunflowHttp.WriteJsonAsync(http, StatusCodes.Status201Created, delivery.ToJson());
    }

    private async Task CreateSecretAsync(HttpContext http, string key)
    {
        using var document = await RunflowHttp.ReadJsonAsync(http, emptyAs: "{}");
        if (document is null)
            return;
        var body = document.RootElement;
        var errors = new List<RunflowFieldError>();
        string? label = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("body", "The request body must be a JSON object."));
        }
        else
        {
            foreach (var property in body.EnumerateObject())
            {
                if (property.Name == "label")
                {
                    if (property.Value.ValueKind == JsonValueKind.Null)
                        continue;
                    if (property.Value.ValueKind != JsonValueKind.String || property.Value.GetString()!.Length > 255)
                        errors.Add(new("label", "label must be a string of at most 255 characters."));
                    else
                        label = property.Value.GetString();
                }
                else if (!_context.Options.AllowUnknownFields)
                {
                    errors.Add(new(property.Name, $"Extra inputs are not permitted: '{property.Name}'."));
                }
            }
        }

        if (errors.Count > 0)
        {
            await RunflowHttp.WriteValidationErrorAsync(http, errors);
            return;
        }

        var now = _context.Time.GetUtcNow();
        var plain = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var secret = new RunflowSecret(Guid.CreateVersion7(now), key, plain, label, now);
        _secrets[secret.Id.ToString()] = secret;
        await RunflowHttp.WriteJsonAsync(http, StatusCodes.Status201Created, new JsonObject
        {
            ["plain_secret"] = plain,
            ["id"] = secret.Id.ToString(),
            ["org_id"] = RunflowHttp.OrgId(key).ToString(),
            ["key_prefix"] = plain[..12],
            ["is_current"] = true,
            ["label"] = label,
            ["disabled_at"] = null,
            ["last_used_at"] = null,
            ["created_at"] = RunflowRun.ApiTime(now),
            ["updated_at"] = RunflowRun.ApiTime(now),
        });
    }

    private Task ListRunsAsync(HttpContext http, string key)
    {
        var query = RunflowListQuery.Parse(http.Request.Query, _context.Options.AllowUnknownFields, out var errors);
        if (query is null)
            return RunflowHttp.WriteValidationErrorAsync(http, errors);

        var now = _context.Time.GetUtcNow();
        var orgId = RunflowHttp.OrgId(key);
        var rows = _runs.Values
            .Where(r => r.OwnerKey == key)
            .Select(r => (Run: r, Status: r.StatusAt(now)))
            .Where(r => query.Matches(r.Status))
            .ToList();
        rows.Sort((a, b) => query.Compare(a.Run, a.Status, b.Run, b.Status));

        int start, end;
        if (query.Cursor is { } cursor)
        {
            var index = rows.FindIndex(r => r.Run.Sequence == cursor);
            if (index < 0)
                return RunflowHttp.WriteValidationErrorAsync(http, [new("pq", "The cursor does not match a run in this listing.")]);
            if (query.FromPrevious)
            {
                end = index;
                start = Math.Max(0, end - query.Limit);
            }
            else
            {
                start = index + 1;
                end = Math.Min(rows.Count, start + query.Limit);
            }
        }
        else
        {
            start = 0;
            end = Math.Min(rows.Count, query.Limit);
        }

        var items = new JsonArray();
        for (var i = start; i < end; i++)
            items.Add(query.Project(rows[i].Run.ToJson(rows[i].Status, _context.Images, orgId)));

        return RunflowHttp.WriteJsonAsync(http, StatusCodes.Status200OK, new JsonObject
        {
            ["items"] = items,
            ["next_pq"] = end < rows.Count && end > start ? RunflowListQuery.EncodeCursor(rows[end - 1].Run.Sequence) : null,
            ["prev_pq"] = start > 0 && start < rows.Count ? RunflowListQuery.EncodeCursor(rows[start].Run.Sequence) : null,
        });
    }
}

/// <summary>
/// The query of <c>GET /v1/runs</c>: <c>limit</c> (1..500, default 50), <c>pq</c> (opaque cursor), <c>from_prev</c>,
/// <c>q</c> (the emulator understands <c>status_code:VALUE</c> / <c>status_code=VALUE</c> terms joined by <c>AND</c>),
/// <c>fields</c> (projection) and <c>sort_by</c> (<c>created_at</c> and <c>status_code</c>, each <c>:asc</c>/<c>:desc</c>;
/// default <c>created_at:desc</c>).
/// </summary>
internal sealed class RunflowListQuery
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "limit", "pq", "from_prev", "q", "fields", "sort_by" };
    private readonly List<string> _statuses = [];
    private readonly List<(string Field, bool Descending)> _sort = [];
    private string[]? _fields;

    public int Limit { get; private set; } = 50;

    public long? Cursor { get; private set; }

    public bool FromPrevious { get; private set; }

    public static RunflowListQuery? Parse(IQueryCollection query, bool allowUnknown, out List<RunflowFieldError> errors)
    {
        errors = [];
        var result = new RunflowListQuery();
        foreach (var (name, values) in query)
        {
            var value = values.ToString();
            switch (name)
            {
                case "limit":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > 500)
                        errors.Add(new("limit", "limit must be an integer between 1 and 500."));
                    else
                        result.Limit = limit;
                    break;
                case "pq":
                    if (DecodeCursor(value) is { } cursor)
                        result.Cursor = cursor;
                    else
                        errors.Add(new("pq", "Invalid cursor."));
                    break;
                case "from_prev":
                    if (!bool.TryParse(value, out var fromPrevious))
                        errors.Add(new("from_prev", "from_prev must be true or false."));
                    result.FromPrevious = fromPrevious;
                    break;
                case "q":
                    foreach (var term in value.Split(" AND ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var separator = term.IndexOfAny([':', '=']);
                        if (separator < 0 || term[..separator] != "status_code")
                            errors.Add(new("q", $"Unsupported filter term '{term}'. The emulator filters on status_code only."));
                        else
                            result._statuses.Add(term[(separator + 1)..]);
                    }

                    break;
                case "fields":
                    result._fields = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "sort_by":
                    foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var pieces = part.Split(':');
                        if (pieces[0] is not ("created_at" or "status_code") || pieces.Length > 2 || (pieces.Length == 2 && pieces[1] is not ("asc" or "desc")))
                            errors.Add(new("sort_by", $"Unsupported sort '{part}'."));
                        else
                            result._sort.Add((pieces[0], pieces.Length == 2 && pieces[1] == "desc"));
                    }

                    break;
                default:
                    if (!allowUnknown)
                        errors.Add(new(name, $"Unknown query parameter '{name}'."));
                    break;
            }
        }

        if (result._sort.Count == 0)
            result._sort.Add(("created_at", true));
        return errors.Count == 0 ? result : null;
    }

    public bool Matches(RunflowStatus status) =>
        _statuses.Count == 0 || _statuses.TrueForAll(s => s == RunflowRun.StatusCode(status));

    public int Compare(RunflowRun a, RunflowStatus aStatus, RunflowRun b, RunflowStatus bStatus)
    {
        foreach (var (field, descending) in _sort)
        {
            var order = field == "status_code"
                ? string.CompareOrdinal(RunflowRun.StatusCode(aStatus), RunflowRun.StatusCode(bStatus))
                : a.CreatedAt.CompareTo(b.CreatedAt) is var byTime && byTime != 0 ? byTime : a.Sequence.CompareTo(b.Sequence);
            if (order != 0)
                return descending ? -order : order;
        }

        return a.Sequence.CompareTo(b.Sequence);
    }

    public JsonObject Project(JsonObject run)
    {
        if (_fields is null)
            return run;
        var projected = new JsonObject();
        foreach (var field in _fields)
        {
            if (run.TryGetPropertyValue(field, out var value))
                projected[field] = value?.DeepClone();
        }

        return projected;
    }

    public static string EncodeCursor(long sequence) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("run:" + sequence.ToString(CultureInfo.InvariantCulture))).TrimEnd('=');

    private static long? DecodeCursor(string value)
    {
        var padded = value.PadRight(value.Length + ((4 - value.Length % 4) % 4), '=');
        var buffer = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
            return null;
        var text = Encoding.UTF8.GetString(buffer, 0, written);
        return text.StartsWith("run:", StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : null;
    }
}
