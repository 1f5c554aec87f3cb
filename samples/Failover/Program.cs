// Several providers behind one client, against the bundled emulator (no key, no network, no cost):
// Segmind answers 503, so the router moves to Runware; a quote first, then what happened, then what the emulator saw.
using Ideogram.Sdk;
using Ideogram.Sdk.Emulator;
using Ideogram.Sdk.Emulator.Control;

using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
var ct = cancel.Token;
await using var emulator = await IdeogramEmulator.StartAsync(new EmulatorOptions(), ct);

// The first provider is down for this demo: every submission to it is refused with 503.
emulator.Control.AddFault(new FaultRule { Provider = EmulatedProvider.Segmind, Method = "POST", Kind = FaultKind.ServiceUnavailable, Count = 100 });

IdeogramClientOptions Member(IdeogramProvider provider, EmulatedProvider host) => new()
{
    Provider = provider,
    ApiKey = "emulator-key",
    BaseAddress = emulator.BaseAddress(host),
    MaxRetries = 0,
    AllowPrivateNetworkInputs = true,   // the emulator's image links are on 127.0.0.1
};

using var router = new IdeogramRouter(new IdeogramRouterOptions
{
    Strategy = RoutingStrategy.Failover,
    Members =
    {
        Member(IdeogramProvider.Segmind, EmulatedProvider.Segmind),
        Member(IdeogramProvider.Runware, EmulatedProvider.Runware),
        Member(IdeogramProvider.Ideogram, EmulatedProvider.Ideogram),
    },
    Budget = new CostBudget(1.00m, TimeSpan.FromDays(1)),
});

var request = new GenerateRequest("A poster that says 'HELLO'") { RenderingSpeed = RenderingSpeed.Turbo, NumImages = 2 };

CostEstimate quote = router.EstimateCost(request);
Console.WriteLine($"Quote: {quote}");
Console.WriteLine($"  basis: {quote.Basis}");
foreach (var provider in new[] { IdeogramProvider.Runware, IdeogramProvider.Ideogram })
{
    Console.WriteLine($"  at {provider}: {router.EstimateCost(request, provider)}");
}

IIdeogramClient client = router;
ImageResult result = await client.GenerateAsync(request, ct);

Console.WriteLine($"{result.Provider} served it ({result.Images.Count} images, reported cost {result.Cost?.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture) ?? "none"} USD).");
Console.WriteLine($"Attempts: {string.Join("; ", result.Routing.Attempts)}");
var budget = router.GetBudgetStatus()!;
Console.WriteLine(FormattableString.Invariant($"Budget: {budget.SpentUsd:0.00} USD spent of {budget.LimitUsd:0.00}, {budget.RemainingUsd:0.00} left today."));

var accepted = emulator.Control.GetJournal().Where(e => e.Method == "POST").Select(e => $"{e.Provider} {e.StatusCode}");
Console.WriteLine($"The emulator received: {string.Join(", ", accepted)}");

var outDir = Path.Combine(AppContext.BaseDirectory, "out");
Directory.CreateDirectory(outDir);
for (var i = 0; i < result.Images.Count; i++)
{
    var path = Path.Combine(outDir, $"failover-{i + 1}.png");
    await client.DownloadAsync(result.Images[i], path, ct);
    Console.WriteLine(path);
}
