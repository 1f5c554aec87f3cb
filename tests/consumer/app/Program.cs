// A user's program, built only from the published packages: it starts the emulator test kit, generates and downloads
// through a DI-registered client, receives a Runware webhook on its own MapIdeogramCallbacks endpoint (which ends its
// wait at once), and generates through Microsoft.Extensions.AI's IImageGenerator. Prints one line per check; exit 0
// when all pass.
using System.Net;
using Ideogram.Sdk;
using Ideogram.Sdk.AI;
using Ideogram.Sdk.AspNetCore;
using Ideogram.Sdk.Emulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;

await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions { JobStepDelay = TimeSpan.FromMilliseconds(500) });
var runware = emulator.BaseAddress(EmulatedProvider.Runware);

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddIdeogram(o =>
{
    o.Provider = IdeogramProvider.Runware;
    o.ApiKey = "consumer-key";
    o.BaseAddress = runware;
    o.AllowPrivateNetworkInputs = true;
    o.Polling = new PollingOptions { InitialDelay = TimeSpan.FromMinutes(5), Timeout = TimeSpan.FromMinutes(10) };
});
var delivered = new TaskCompletionSource<ImageJobStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
builder.Services.AddIdeogramCallbacks(o => o.Runware.Tokens.Add(IdeogramCallbackUrls.NewToken()))
    .AddHandler((status, _) =>
    {
        delivered.TrySetResult(status);
        return Task.CompletedTask;
    });
await using var app = builder.Build();
app.MapIdeogramCallbacks("/hooks/ideogram");
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<IdeogramCallbackOptions>>().CurrentValue.PublicUrl = new Uri(address + "/hooks/ideogram");

var client = app.Services.GetRequiredService<IIdeogramClient>();

// 1. Generate and download through the DI client.
var result = await client.GenerateAsync(new GenerateRequest("A poster that says 'PACKAGED'"));
using (var png = new MemoryStream())
{
    await client.DownloadAsync(result.Images[0], png);
    Require(png.ToArray().AsSpan().StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47]), "the downloaded image is a PNG");
}

Console.WriteLine("consumer: generated and downloaded through AddIdeogram");

// 2. A job whose webhook reaches MapIdeogramCallbacks; polling every 5 minutes, so only the webhook can end the wait soon.
var urls = app.Services.GetRequiredService<IdeogramCallbackUrls>();
var job = await client.SubmitAsync(new GenerateRequest("A lighthouse at dawn"), new SubmitOptions { CallbackUrl = urls.For(IdeogramProvider.Runware) });
var waited = await client.WaitAsync(ImageJob.Parse(job.ToToken())).WaitAsync(TimeSpan.FromSeconds(60));
var status = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(60));
Require(status.Job.Id == job.Id && waited.Images.Count == 1, "the webhook names the job and the wait has its image");
Console.WriteLine("consumer: a Runware webhook reached MapIdeogramCallbacks and ended the wait");

// 3. Microsoft.Extensions.AI.
using var generator = client.AsIImageGenerator();
var response = await generator.GenerateImagesAsync("A poster that says 'MEAI'", new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Data });
Require(response.Contents.OfType<DataContent>().Any(), "IImageGenerator returned image data");
Console.WriteLine("consumer: IImageGenerator generated through Ideogram.Sdk.AI");

await app.StopAsync();
Console.WriteLine("consumer: all checks passed");
return 0;

static void Require(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException("consumer check failed: " + what);
    }
}
