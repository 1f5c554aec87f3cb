// A minimal API that generates images through the IIdeogramClient registered with AddIdeogram, and receives the
// providers' callbacks with MapIdeogramCallbacks. With no Ideogram:ApiKey it starts the bundled emulator in-process
// (placeholder images, nothing charged), so `dotnet run --project samples/WebApp` works on a fresh machine.
//
//   curl -X POST localhost:5080/posters -H 'Content-Type: application/json' -d '{"prompt":"A poster that says HELLO"}' -o poster.png
//   curl -X POST localhost:5080/jobs -H 'Content-Type: application/json' -d '{"prompt":"A lighthouse","numImages":2}'
//   curl localhost:5080/jobs/{id}        (filled in by the provider's callback)
using System.Collections.Concurrent;
using Ideogram.Sdk;
using Ideogram.Sdk.AspNetCore;
using Ideogram.Sdk.Emulator;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddIdeogram(builder.Configuration.GetSection("Ideogram"));
builder.Services.AddSingleton<JobBoard>();
builder.Services.AddIdeogramCallbacks(builder.Configuration.GetSection("Ideogram:Callbacks"))
    .AddHandler<JobBoardHandler>();

builder.Services.AddSingleton<LocalEmulator>(); // stopped with the app

var app = builder.Build();
if (string.IsNullOrWhiteSpace(app.Configuration["Ideogram:ApiKey"]))
{
    await app.Services.GetRequiredService<LocalEmulator>().StartAsync(app.Configuration);
}

// Generates one image now and answers it.
app.MapPost("/posters", async (PosterRequest request, IIdeogramClient ideogram, CancellationToken ct) =>
{
    var result = await ideogram.GenerateAsync(new GenerateRequest(request.Prompt), ct);
    var image = result.Images.FirstOrDefault(i => i.IsSafe);
    if (image is null)
    {
        return Results.Problem("The provider withheld the image (safety check).", statusCode: StatusCodes.Status422UnprocessableEntity);
    }

    using var buffer = new MemoryStream();
    await ideogram.DownloadAsync(image, buffer, ct);
    var bytes = buffer.ToArray();

    // The bytes say what they are, whatever the link's extension claims.
    var type = bytes.AsSpan().StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47]) ? "image/png"
        : bytes.AsSpan().StartsWith((byte[])[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : image.ContentType;
    return Results.File(bytes, type ?? "application/octet-stream");
});

// Submits a job whose outcome the provider delivers to /hooks/ideogram; answers its id and token at once.
app.MapPost("/jobs", async (PosterRequest request, IIdeogramClient ideogram, IdeogramCallbackUrls callbacks, JobBoard board, CancellationToken ct) =>
{
    var options = new SubmitOptions { CallbackUrl = ideogram.Capabilities.AcceptsCallbackUrl ? callbacks.For(ideogram.Provider) : null };
    var job = await ideogram.SubmitAsync(new GenerateRequest(request.Prompt) { NumImages = request.NumImages ?? 1 }, options, ct);
    board.Submitted(job);
    return Results.Accepted($"/jobs/{job.Id}", new { id = job.Id, token = job.ToToken() });
});

// What the callbacks said about a job so far.
app.MapGet("/jobs/{id}", (string id, JobBoard board) => board.Find(id) is { } view ? Results.Ok(view) : Results.NotFound());

// POST /hooks/ideogram/runflow (signed) and /hooks/ideogram/runware?token=... (secret token).
app.MapIdeogramCallbacks("/hooks/ideogram");

app.Run();

/// <summary>The body of POST /posters and POST /jobs.</summary>
internal sealed record PosterRequest(string Prompt, int? NumImages = null);

/// <summary>What the app knows of a job: its state and the images delivered so far.</summary>
internal sealed record JobView(string Id, string State, IReadOnlyList<string> Images, string? Error);

/// <summary>The jobs this app submitted, updated by the callbacks (an app would keep this in its database).</summary>
internal sealed class JobBoard
{
    private readonly ConcurrentDictionary<string, JobView> _jobs = new(StringComparer.Ordinal);

    public void Submitted(ImageJob job) => _jobs.TryAdd(job.Id, new JobView(job.Id, job.IsCompleted ? "Succeeded" : "Submitted", [], null));

    public JobView? Find(string id) => _jobs.GetValueOrDefault(id);

    public void Record(ImageJobStatus status) => _jobs.AddOrUpdate(
        status.Job.Id,
        _ => View(status, []),
        (_, known) => View(status, known.Images));

    // Runware delivers each image of a job on its own: the images add up.
    private static JobView View(ImageJobStatus status, IReadOnlyList<string> known) => new(
        status.Job.Id,
        status.State.ToString(),
        [.. known.Union(status.Result?.Images.Select(i => i.Url?.AbsoluteUri).OfType<string>() ?? [])],
        status.Error?.Message);
}

/// <summary>Receives each delivered status once (MapIdeogramCallbacks drops the provider's retries).</summary>
internal sealed partial class JobBoardHandler(JobBoard board, ILogger<JobBoardHandler> logger) : IImageJobCallbackHandler
{
    public Task HandleAsync(ImageJobStatus status, CancellationToken cancellationToken)
    {
        LogDelivered(status.Job.Provider, status.Job.Id, status.State);
        board.Record(status);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Provider} job {Id} is {State}")]
    private partial void LogDelivered(IdeogramProvider provider, string id, ImageJobState state);
}

/// <summary>
/// With no API key configured: the bundled emulator, and the settings that point the client and the callbacks at it (a
/// key, its address, a callback token and, for Runflow, a signing secret). The options are read when first used, so
/// settings made here, before the app runs, apply.
/// </summary>
internal sealed class LocalEmulator : IAsyncDisposable
{
    private IdeogramEmulator? _emulator;

    public async Task StartAsync(IConfiguration config)
    {
        const string key = "emulator-key";
        var provider = Enum.Parse<IdeogramProvider>(config["Ideogram:Provider"] ?? nameof(IdeogramProvider.Runware), ignoreCase: true);
        _emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.FromMilliseconds(500) });
        var baseAddress = _emulator.BaseAddress(Enum.Parse<EmulatedProvider>(provider.ToString()));
        config["Ideogram:ApiKey"] = key;
        config["Ideogram:BaseAddress"] = baseAddress.AbsoluteUri;
        config["Ideogram:AllowPrivateNetworkInputs"] = "true"; // the emulator serves its images from 127.0.0.1
        if (config.GetSection("Ideogram:Callbacks:Runware:Tokens").GetChildren().All(t => string.IsNullOrEmpty(t.Value)))
        {
            config["Ideogram:Callbacks:Runware:Tokens:0"] = IdeogramCallbackUrls.NewToken();
        }

        if (provider == IdeogramProvider.Runflow && config.GetSection("Ideogram:Callbacks:Runflow:SigningSecrets").GetChildren().All(s => string.IsNullOrEmpty(s.Value)))
        {
            config["Ideogram:Callbacks:Runflow:SigningSecrets:0"] = await CreateRunflowSecretAsync(baseAddress, key);
        }

        Console.Error.WriteLine($"No Ideogram:ApiKey set: using the local emulator at {baseAddress} (images are placeholders, nothing is charged).");
    }

    public ValueTask DisposeAsync() => _emulator?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Creates a callback signing secret the way a Runflow user does once (POST /v1/callback-secrets).</summary>
    private static async Task<string> CreateRunflowSecretAsync(Uri runflow, string key)
    {
        using var http = new HttpClient { BaseAddress = runflow };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/callback-secrets") { Content = JsonContent.Create(new { label = "webapp" }) };
        request.Headers.Authorization = new("Bearer", key);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        return created!["plain_secret"].ToString()!;
    }
}
