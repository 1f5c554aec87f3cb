using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ideogram.Cli.Tests.Infrastructure;
using Ideogram.Sdk;

namespace Ideogram.Cli.Tests;

/// <summary>
/// <c>ideogram price</c> builds the request as the operation verbs do and prints the SDK's own estimate for it: per
/// provider or side by side, as a table or as JSON, without a key and without sending anything.
/// </summary>
public sealed class PriceTests
{
    public static TheoryData<IdeogramProvider> Providers() => [.. Enum.GetValues<IdeogramProvider>()];

    /// <summary>
    /// A request per provider that reaches a different line of the price table (a transparent upscale, a disputed range,
    /// a file input, a best-effort substitution, credits), with the same request built directly.
    /// </summary>
    private static (string[] Args, ImageRequest Request) RequestFor(IdeogramProvider provider, Tool tool) => provider switch
    {
        IdeogramProvider.Ideogram => (
            ["generate", "--prompt", "a fox", "--transparent", "--upscale-factor", "X2", "--rendering-speed", "QUALITY", "--num-images", "2"],
            new GenerateRequest("a fox") { TransparentBackground = true, UpscaleFactor = UpscaleFactor.X2, RenderingSpeed = RenderingSpeed.Quality, NumImages = 2 }),
        IdeogramProvider.Runflow => (
            ["generate", "--prompt", "a fox", "--num-images", "3"],
            new GenerateRequest("a fox") { NumImages = 3 }),
        IdeogramProvider.Segmind => (
            ["remix", "--image", tool.WriteImage(), "--prompt", "in watercolour", "--rendering-speed", "TURBO"],
            new RemixRequest(ImageInput.FromFile(tool.PathOf("input.png")), "in watercolour") { RenderingSpeed = RenderingSpeed.Turbo }),
        IdeogramProvider.Runware => (
            ["generate", "--prompt", "a fox", "--rendering-speed", "FLASH", "--best-effort", "--num-images", "2"],
            new GenerateRequest("a fox") { RenderingSpeed = RenderingSpeed.Flash, UnsupportedParameters = UnsupportedParameterBehavior.BestEffort, NumImages = 2 }),
        _ => (
            ["edit", "--image", "https://images.example/in.png", "--prompt", "a red door", "--rendering-speed", "QUALITY"],
            new EditRequest(ImageInput.FromUrl("https://images.example/in.png"), null!, "a red door") { RenderingSpeed = RenderingSpeed.Quality }),
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task One_provider_is_priced_exactly_as_the_sdk_estimates(IdeogramProvider provider)
    {
        using var tool = Tool.Create();
        var (args, request) = RequestFor(provider, tool);
        var expected = PriceTable.Default.Estimate(request, provider);

        var result = await tool.RunAsync([.. args.Prepend("price"), "--provider", provider.ToString(), "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json;
        Assert.Equal($"price {args[0]}", json.GetProperty("command").GetString());
        Assert.Equal(provider.ToString().ToLowerInvariant(), json.GetProperty("provider").GetString());
        Assert.Equal(request.Operation.ToString(), json.GetProperty("operation").GetString());
        var price = Assert.Single(json.GetProperty("prices").EnumerateArray());
        AssertPrice(expected, price);

        // The table shows the same figures.
        var table = await tool.RunAsync([.. args.Prepend("price"), "--provider", provider.ToString()]);
        Assert.True(table.ExitCode == 0, table.ToString());
        var row = Row(table.Out, provider);
        Assert.Contains(Usd(expected.MinUsd, expected.MaxUsd), row, StringComparison.Ordinal);
        Assert.Contains(Usd(expected.Price!.MinUsd, expected.Price.MaxUsd) + " per image", row, StringComparison.Ordinal);
        Assert.Equal(expected.Quantity.ToString(CultureInfo.InvariantCulture), row.Split('│')[3].Trim());
        Assert.Contains(expected.Price.AsOf!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_provider_every_provider_gets_a_row_with_the_sdks_figures()
    {
        using var tool = Tool.Create();
        var request = new GenerateRequest("a fox") { RenderingSpeed = RenderingSpeed.Turbo, NumImages = 4 };

        var result = await tool.RunAsync("price", "generate", "--prompt", "a fox", "--rendering-speed", "TURBO", "--num-images", "4");
        var json = await tool.RunAsync("price", "generate", "--prompt", "a fox", "--rendering-speed", "TURBO", "--num-images", "4", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("generate: estimated cost (USD)", result.Out, StringComparison.Ordinal);
        Assert.Contains("* unconfirmed", result.Out, StringComparison.Ordinal);
        var prices = json.Json.GetProperty("prices").EnumerateArray().ToList();
        Assert.Equal(Enum.GetValues<IdeogramProvider>().Select(p => p.ToString().ToLowerInvariant()), prices.Select(p => p.GetProperty("provider").GetString()));
        foreach (var provider in Enum.GetValues<IdeogramProvider>())
        {
            var expected = PriceTable.Default.Estimate(request, provider);
            AssertPrice(expected, prices[(int)provider]);
            Assert.Contains(Usd(expected.MinUsd, expected.MaxUsd), Row(result.Out, provider), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_json_is_one_document_with_a_price_per_provider()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync("price", "describe", "--image", "https://images.example/in.png", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json;
        Assert.Equal("price describe", json.GetProperty("command").GetString());
        Assert.Equal("Describe", json.GetProperty("operation").GetString());
        Assert.False(json.TryGetProperty("provider", out _));
        Assert.False(json.TryGetProperty("error", out _));
        Assert.False(json.GetProperty("emulator").GetBoolean());
        Assert.Equal(0, json.GetProperty("exitCode").GetInt32());
        var prices = json.GetProperty("prices").EnumerateArray().ToDictionary(p => p.GetProperty("provider").GetString()!);
        Assert.Equal(5, prices.Count);

        var ideogram = prices["ideogram"];
        Assert.Equal("request", ideogram.GetProperty("unit").GetString());
        Assert.Equal(1, ideogram.GetProperty("quantity").GetInt32());
        Assert.Equal(0.01m, ideogram.GetProperty("maxUsd").GetDecimal());
        Assert.True(ideogram.GetProperty("confirmed").GetBoolean());
        Assert.Equal("2026-07-09", ideogram.GetProperty("asOf").GetString());
        Assert.False(ideogram.TryGetProperty("cannotServe", out _));

        var runflow = prices["runflow"];
        Assert.Equal("validation", runflow.GetProperty("cannotServe").GetProperty("kind").GetString());
        Assert.Contains("Runflow", runflow.GetProperty("cannotServe").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(runflow.TryGetProperty("maxUsd", out _));
    }

    [Fact]
    public async Task A_provider_that_cannot_serve_the_request_says_why_in_its_row_and_alone_exits_3()
    {
        using var tool = Tool.Create();
        var image = tool.WriteImage();
        string[] edit = ["price", "edit", "--image", image, "--mask", image, "--prompt", "a red door"];

        var table = await tool.RunAsync(edit);
        var alone = await tool.RunAsync([.. edit, "--provider", "runflow"]);
        var aloneJson = await tool.RunAsync([.. edit, "--provider", "runflow", "--json"]);

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("cannot serve", Row(table.Out, IdeogramProvider.Runflow), StringComparison.Ordinal);
        Assert.Contains("not offered", Row(table.Out, IdeogramProvider.Runflow), StringComparison.Ordinal);
        Assert.DoesNotContain("cannot serve", Row(table.Out, IdeogramProvider.Ideogram), StringComparison.Ordinal);

        Assert.True(alone.ExitCode == 3, alone.ToString());
        Assert.Equal(string.Empty, alone.Out);
        Assert.Contains("Runflow", alone.Error, StringComparison.Ordinal);
        Assert.Equal(3, aloneJson.ExitCode);
        Assert.Equal("validation", aloneJson.Json.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal("validation", aloneJson.Json.GetProperty("prices")[0].GetProperty("cannotServe").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_request_no_provider_can_serve_lists_every_reason_and_exits_3()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync("price", "generate", "--prompt", "a fox", "--num-images", "0");

        Assert.True(result.ExitCode == 3, result.ToString());
        foreach (var provider in Enum.GetValues<IdeogramProvider>())
        {
            Assert.Contains("cannot serve", Row(result.Out, provider), StringComparison.Ordinal);
        }

        Assert.Contains("No provider can serve this request", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Price_without_an_operation_prices_generate()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync("price", "--prompt", "a fox", "--provider", "runware", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("price generate", result.Json.GetProperty("command").GetString());
        AssertPrice(PriceTable.Default.Estimate(new GenerateRequest("a fox"), IdeogramProvider.Runware), result.Json.GetProperty("prices")[0]);
    }

    [Fact]
    public async Task Pricing_sends_no_request_and_starts_no_emulator()
    {
        using var tool = Tool.Create();
        var image = tool.WriteImage();
        using var root = new Activity("price-test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var traceId = root.TraceId;
        var calls = 0;

        // Every HTTP client call, SDK call and emulator request started from this test shares its trace.
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "System.Net.Http" or IdeogramTelemetry.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == traceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStarted = activity => Interlocked.Increment(ref calls),
        };
        ActivitySource.AddActivityListener(listener);

        var priced = await tool.RunAsync("price", "remix", "--image", image, "--prompt", "in watercolour");
        var pricedCalls = Volatile.Read(ref calls);

        // The same request run for real (against the tool's own emulator) is seen by the listener.
        tool.Environment.Clear();
        var run = await tool.RunAsync("remix", "--image", image, "--prompt", "in watercolour", "--out", "images");

        Assert.True(priced.ExitCode == 0, priced.ToString());
        Assert.Equal(0, pricedCalls);
        Assert.DoesNotContain("emulator", priced.Error, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(Volatile.Read(ref calls) > 0, "the listener saw no call of the real run, so it proves nothing about price");
    }

    private static void AssertPrice(CostEstimate expected, JsonElement price)
    {
        Assert.Equal(expected.Provider.ToString().ToLowerInvariant(), price.GetProperty("provider").GetString());
        Assert.Equal(expected.MinUsd, price.GetProperty("minUsd").GetDecimal());
        Assert.Equal(expected.MaxUsd, price.GetProperty("maxUsd").GetDecimal());
        Assert.Equal(expected.Quantity, price.GetProperty("quantity").GetInt32());
        Assert.Equal(expected.Price!.MinUsd, price.GetProperty("unitMinUsd").GetDecimal());
        Assert.Equal(expected.Price.MaxUsd, price.GetProperty("unitMaxUsd").GetDecimal());
        Assert.Equal(expected.IsConfirmed, price.GetProperty("confirmed").GetBoolean());
        Assert.Equal(expected.Price.Source, price.GetProperty("source").GetString());
        Assert.Equal(expected.Basis, price.GetProperty("basis").GetString());
        Assert.False(price.TryGetProperty("cannotServe", out _));
    }

    /// <summary>The table line (with its wrapped continuation lines) of one provider.</summary>
    private static string Row(string table, IdeogramProvider provider)
    {
        var lines = table.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith($"│ {provider.ToString().ToLowerInvariant()} ", StringComparison.Ordinal));
        Assert.True(start >= 0, $"no row for {provider} in:\n{table}");
        var end = start + 1;
        while (end < lines.Length && lines[end].StartsWith("│          ", StringComparison.Ordinal))
        {
            end++;
        }

        return string.Join("\n", lines[start..end]);
    }

    private static string Usd(decimal min, decimal max) => min == max
        ? string.Create(CultureInfo.InvariantCulture, $"${min:0.00##}")
        : string.Create(CultureInfo.InvariantCulture, $"${min:0.00##}–${max:0.00##}");
}
