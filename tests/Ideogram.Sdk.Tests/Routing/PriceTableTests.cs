namespace Ideogram.Sdk.Tests.Routing;

/// <summary>The price table: every case a mapping table accepts has a price, estimates count what they should, and the README shows the same table.</summary>
public sealed class PriceTableTests
{
    private const string Start = "<!-- prices:start -->";
    private const string End = "<!-- prices:end -->";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    [Fact]
    public void Every_case_a_mapping_table_accepts_has_a_price()
    {
        var missing = new List<string>();
        foreach (var provider in Enum.GetValues<IdeogramProvider>())
        {
            var caps = IdeogramClient.GetCapabilities(provider);
            foreach (var operation in caps.Operations)
            {
                var speeds = caps.Supports(operation, ImageParameter.RenderingSpeed)
                    ? caps.GetAllowedValues(operation, ImageParameter.RenderingSpeed).Select(v => (RenderingSpeed?)new RenderingSpeed(v)).Append(null)
                    : [null];
                bool[] characterReference = caps.Supports(operation, ImageParameter.CharacterReferenceImages) ? [false, true] : [false];
                var factors = caps.Supports(operation, ImageParameter.UpscaleFactor)
                    ? caps.GetAllowedValues(operation, ImageParameter.UpscaleFactor).Select(v => (UpscaleFactor?)new UpscaleFactor(v)).Append(null)
                    : [null];
                foreach (var speed in speeds)
                {
                    foreach (var reference in characterReference)
                    {
                        foreach (var factor in factors)
                        {
                            if (PriceTable.Default.Find(provider, operation, speed, reference, factor) is null)
                            {
                                missing.Add($"{provider} {operation} {speed} {reference} {factor}");
                            }
                        }
                    }
                }
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_price_names_its_source_and_date_and_every_unconfirmed_one_says_what_is_assumed()
    {
        Assert.All(PriceTable.Default.Prices, p =>
        {
            Assert.Contains(".md", p.Source, StringComparison.Ordinal);
            Assert.NotNull(p.AsOf);
            Assert.Equal(p.IsConfirmed, p.Note is null);
        });
    }

    [Fact]
    public void An_estimate_covers_every_image_at_the_requests_speed()
    {
        var table = PriceTable.Default;

        var turbo = table.Estimate(new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Turbo, NumImages = 4 }, IdeogramProvider.Ideogram);
        Assert.Equal((0.12m, 0.12m, true), (turbo.MinUsd, turbo.MaxUsd, turbo.IsConfirmed));
        Assert.Contains("research-ideogram-segmind.md", turbo.Basis, StringComparison.Ordinal);
        Assert.Contains("2026-07-09", turbo.Basis, StringComparison.Ordinal);

        var unset = table.Estimate(new GenerateRequest("fox"), IdeogramProvider.Ideogram);
        Assert.Equal(0.06m, unset.MaxUsd);
        Assert.Equal(0.06m, table.Estimate(new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Balanced }, IdeogramProvider.Ideogram).MaxUsd);

        var reference = new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Quality, CharacterReferenceImages = [ImageInput.FromBytes(Png)] };
        Assert.Equal(0.20m, table.Estimate(reference, IdeogramProvider.Ideogram).MaxUsd);

        var transparent = new GenerateRequest("logo") { TransparentBackground = true, UpscaleFactor = UpscaleFactor.X2, RenderingSpeed = RenderingSpeed.Quality, NumImages = 2 };
        Assert.Equal(0.44m, table.Estimate(transparent, IdeogramProvider.Ideogram).MaxUsd);

        var describe = table.Estimate(new DescribeRequest(ImageInput.FromBytes(Png)), IdeogramProvider.Segmind);
        Assert.Equal((0.015m, true), (describe.MaxUsd, describe.IsConfirmed));

        var credits = table.Estimate(new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Quality, NumImages = 2 }, IdeogramProvider.ApiInOne);
        Assert.Equal((0.08m, 0.40m, false), (credits.MinUsd, credits.MaxUsd, credits.IsConfirmed));
        Assert.Contains("unconfirmed", credits.Basis, StringComparison.Ordinal);

        var disputed = table.Estimate(new GenerateRequest("fox"), IdeogramProvider.Runflow);
        Assert.Equal((0.03m, 0.06m, false), (disputed.MinUsd, disputed.MaxUsd, disputed.IsConfirmed));
    }

    [Fact]
    public void A_best_effort_substitution_is_priced_as_it_would_be_sent_and_a_refusal_is_bad_input()
    {
        var flash = new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Flash };
        Assert.Throws<UnsupportedParameterException>(() => PriceTable.Default.Estimate(flash, IdeogramProvider.Runware));

        flash.UnsupportedParameters = UnsupportedParameterBehavior.BestEffort;
        Assert.Equal(0.03m, PriceTable.Default.Estimate(flash, IdeogramProvider.Runware).MaxUsd);
    }

    [Fact]
    public void A_client_quotes_its_own_provider_under_its_own_unsupported_parameter_rule_without_sending()
    {
        using var handler = new RichardSzalay.MockHttp.MockHttpMessageHandler();
        using var strict = new IdeogramClient(new IdeogramClientOptions { Provider = IdeogramProvider.Runware, ApiKey = "k" }, handler);
        using var lenient = new IdeogramClient(new IdeogramClientOptions { Provider = IdeogramProvider.Runware, ApiKey = "k", UnsupportedParameters = UnsupportedParameterBehavior.BestEffort }, handler);
        var request = new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Quality, NumImages = 3 };

        var quote = strict.EstimateCost(request);

        var expected = PriceTable.Default.Estimate(request, IdeogramProvider.Runware);
        Assert.Equal((expected.Provider, expected.MinUsd, expected.MaxUsd, expected.IsConfirmed, expected.Basis), (quote.Provider, quote.MinUsd, quote.MaxUsd, quote.IsConfirmed, quote.Basis));
        Assert.Equal(IdeogramProvider.Runware, quote.Provider);
        Assert.Throws<UnsupportedParameterException>(() => strict.EstimateCost(new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Flash }));
        Assert.Equal(0.03m, lenient.EstimateCost(new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Flash }).MaxUsd);

        var negotiated = PriceTable.Default.With(new ProviderPrice(IdeogramProvider.Runware, ImageOperation.Generate, RenderingSpeed.Quality, 0.05m, 0.05m) { Source = "contract" });
        Assert.Equal(0.15m, strict.EstimateCost(request, negotiated).MaxUsd);
        Assert.Equal(0, handler.GetMatchCount(handler.Fallback));
    }

    [Fact]
    public void An_estimate_names_the_line_it_counts_and_how_many_times()
    {
        var flash = new GenerateRequest("fox") { RenderingSpeed = RenderingSpeed.Flash, NumImages = 3, UnsupportedParameters = UnsupportedParameterBehavior.BestEffort };
        var substituted = PriceTable.Default.Estimate(flash, IdeogramProvider.Runware);
        Assert.Same(PriceTable.Default.Find(IdeogramProvider.Runware, ImageOperation.Generate, RenderingSpeed.Turbo), substituted.Price);
        Assert.Equal(3, substituted.Quantity);
        Assert.Equal(substituted.Price!.MaxUsd * 3, substituted.MaxUsd);

        var describe = PriceTable.Default.Estimate(new DescribeRequest(ImageInput.FromBytes(Png)), IdeogramProvider.Ideogram);
        Assert.Equal((PriceUnit.PerRequest, 1), (describe.Price!.Unit, describe.Quantity));
        Assert.DoesNotContain("speed not set", describe.Basis, StringComparison.Ordinal);
        Assert.Contains("speed not set", PriceTable.Default.Estimate(new GenerateRequest("fox"), IdeogramProvider.Ideogram).Basis, StringComparison.Ordinal);

        var handMade = new CostEstimate(IdeogramProvider.Ideogram, 0.1m, 0.1m, isConfirmed: true, "a quote");
        Assert.Equal((null, 0), (handMade.Price, handMade.Quantity));
    }

    [Fact]
    public void With_replaces_a_line_and_leaves_the_default_table_alone()
    {
        var table = PriceTable.Default.With(new ProviderPrice(IdeogramProvider.Ideogram, ImageOperation.Generate, RenderingSpeed.Turbo, 0.025m, 0.025m) { Source = "invoice", AsOf = new DateOnly(2027, 1, 1) });

        Assert.Equal(0.025m, table.Find(IdeogramProvider.Ideogram, ImageOperation.Generate, RenderingSpeed.Turbo)!.MaxUsd);
        Assert.Equal(0.03m, PriceTable.Default.Find(IdeogramProvider.Ideogram, ImageOperation.Generate, RenderingSpeed.Turbo)!.MaxUsd);
        Assert.Equal(PriceTable.Default.Prices.Count, table.Prices.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProviderPrice(IdeogramProvider.Ideogram, ImageOperation.Generate, null, 0.2m, 0.1m));
    }

    [Fact]
    public void The_readme_price_table_matches_the_rendered_one()
    {
        var rendered = PriceTable.Default.RenderMarkdown();
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "prices.received.md"), rendered);
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf(Start, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);

        Assert.True(start >= 0 && end > start, "The README has no price table markers.");
        Assert.Equal(rendered.Trim(), readme[(start + Start.Length)..end].Trim());
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ideogram.Sdk.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
