using CsCheck;

namespace Ideogram.Sdk.EmulatorTests.Properties;

/// <summary>
/// For every provider: a request inside its capabilities with exactly one rule broken is refused before any HTTP
/// request, with a validation error (an <see cref="ArgumentException"/>) whose parameter, message and provider name the
/// rule that was broken.
/// </summary>
/// <remarks>
/// A failure prints the shrunk case and CsCheck's seed; replay it with
/// <c>CsCheck_Seed=&lt;seed&gt; dotnet test --filter "FullyQualifiedName~RefusedBeforeSendingProperties"</c>.
/// </remarks>
public sealed class RefusedBeforeSendingProperties
{
    private const int Cases = 150;

    public static TheoryData<IdeogramProvider> Providers => [.. Enum.GetValues<IdeogramProvider>()];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_request_breaking_one_rule_is_refused_before_any_request_naming_the_rule(IdeogramProvider provider)
    {
        var transport = new NoCallsHandler();
        using var client = new IdeogramClient(
            new IdeogramClientOptions { Provider = provider, ApiKey = "property-key", BaseAddress = new Uri("https://provider.example.invalid/"), MaxRetries = 0 },
            transport);

        await Gen.Select(NeutralRequests.Tapes, NeutralRequests.Tapes, (valid, breaking) => Broken.Make(provider, valid, breaking)).SampleAsync(
            async broken =>
            {
                var e = await Assert.ThrowsAnyAsync<IdeogramValidationException>(() => NeutralRequests.SendAsync(client, broken.Request));

                Assert.Equal(0, transport.Calls);
                Assert.Equal(provider, e.Provider);
                Assert.Equal(broken.Parameter, e.Parameter);
                Assert.Equal(broken.Parameter?.ToString() ?? "request", e.ParamName);
                Assert.Contains(provider.ToString(), e.Message, StringComparison.Ordinal);
                Assert.StartsWith(broken.Parameter?.ToString() ?? "The request", e.Message, StringComparison.Ordinal);
            },
            iter: Cases,
            threads: 1);
    }

    /// <summary>Fails the property if the client sends anything at all.</summary>
    private sealed class NoCallsHandler : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException($"A refused request must not reach the network, but {request.Method} {request.RequestUri} was sent.");
        }
    }
}

/// <summary>A valid generated request with exactly one rule broken, and the parameter the refusal must name (<see langword="null"/>: the operation).</summary>
internal sealed record Broken(ImageRequest Request, ImageParameter? Parameter, string Description)
{
    private static readonly byte[] NotAnImage = "this is not an image"u8.ToArray();

    public override string ToString() => Description;

    /// <summary>Generates a valid request from <paramref name="validTape"/>, then breaks one rule drawn from <paramref name="breakingTape"/>.</summary>
    public static Broken Make(IdeogramProvider provider, uint[] validTape, uint[] breakingTape)
    {
        var generated = NeutralRequests.Generate(provider, validTape);
        var capabilities = IdeogramClient.GetCapabilities(provider);
        var c = new Choices(breakingTape);
        var breakers = Breakers(capabilities, generated.Request, c).ToList();
        var missing = Enum.GetValues<ImageOperation>().Where(o => !capabilities.Supports(o)).ToList();
        if (missing.Count > 0 && c.Int(0, breakers.Count) == breakers.Count)
        {
            var operation = c.Pick(missing);
            return new Broken(Minimal(operation), null, $"{provider}: operation {operation}, which it does not offer");
        }

        var (parameter, what, apply) = c.Pick(breakers);
        apply();
        return new Broken(generated.Request, parameter, $"{generated.Description} | broken: {what}");
    }

    /// <summary>The smallest valid request of <paramref name="operation"/>.</summary>
    private static ImageRequest Minimal(ImageOperation operation)
    {
        var png = ImageInput.FromBytes(Emulator.EmuKit.Png(8, 8), "i.png", "image/png");
        return operation switch
        {
            ImageOperation.Generate => new GenerateRequest("a fox"),
            ImageOperation.GenerateTransparent => new GenerateRequest("a fox") { TransparentBackground = true },
            ImageOperation.Edit => new EditRequest(png, png, "a fox"),
            ImageOperation.Remix => new RemixRequest(png, "a fox"),
            ImageOperation.Reframe => new ReframeRequest(png, Resolution.Known[0]),
            ImageOperation.ReplaceBackground => new ReplaceBackgroundRequest(png, "a fox"),
            ImageOperation.Describe => new DescribeRequest(png),
            ImageOperation.Upscale => new UpscaleRequest(png),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
    }

    /// <summary>Every way to break exactly one rule of this request (each leaves every other rule kept).</summary>
    private static IEnumerable<(ImageParameter? Parameter, string What, Action Apply)> Breakers(ProviderCapabilities capabilities, ImageRequest request, Choices c)
    {
        var operation = request.Operation;
        var takes = capabilities.GetParameters(operation);

        // Numbers outside the model's or the provider's range.
        yield return (ImageParameter.Seed, "seed below every range", () => request.Seed = -1 - c.Long(0, 1000));
        if (capabilities.GetRange(operation, ImageParameter.Seed) is { } seeds && takes.Contains(ImageParameter.Seed) && seeds.Min > 0)
        {
            yield return (ImageParameter.Seed, "seed below the provider's range", () => request.Seed = c.Long(0, seeds.Min - 1));
        }

        if (capabilities.GetRange(operation, ImageParameter.Seed) is { } seedRange && takes.Contains(ImageParameter.Seed) && seedRange.Max < int.MaxValue)
        {
            yield return (ImageParameter.Seed, "seed above the provider's range", () => request.Seed = c.Long(seedRange.Max + 1, int.MaxValue));
        }

        var most = capabilities.GetRange(operation, ImageParameter.NumImages)?.Max ?? 8;
        yield return (ImageParameter.NumImages, "too many images", () => request.NumImages = (int)c.Long(most + 1, most + 100));
        yield return (ImageParameter.NumImages, "no image", () => request.NumImages = -c.Int(0, 5));

        // A parameter the operation does not take, with a value the model accepts.
        foreach (var (parameter, set) in Settable(request, c))
        {
            if (!takes.Contains(parameter))
            {
                yield return (parameter, $"{parameter} is not taken", set);
            }
        }

        if (request is StyledImageRequest styled)
        {
            foreach (var breaker in StyledBreakers(capabilities, styled, takes, c))
            {
                yield return breaker;
            }
        }

        if (request is RemixRequest remix && takes.Contains(ImageParameter.ImageWeight))
        {
            yield return (ImageParameter.ImageWeight, "image weight out of range", () => remix.ImageWeight = c.Bool() ? 0 : 101);
        }

        if (request is UpscaleRequest upscale)
        {
            yield return (ImageParameter.Resemblance, "resemblance out of range", () => upscale.Resemblance = c.Bool() ? 0 : 101);
            yield return (ImageParameter.Detail, "detail out of range", () => upscale.Detail = c.Bool() ? 0 : 101);
        }

        // The main input image: missing, not an image, or empty (bytes only: a URL is not opened before sending).
        if (takes.Contains(ImageParameter.Image))
        {
            yield return (ImageParameter.Image, "image missing", () => SetImage(request, null));
            if (capabilities.AcceptsImageBytes)
            {
                yield return (ImageParameter.Image, "image is not an image", () => SetImage(request, ImageInput.FromBytes(NotAnImage, "notes.txt", "text/plain")));
                yield return (ImageParameter.Image, "image is empty", () => SetImage(request, ImageInput.FromBytes(Array.Empty<byte>(), "empty.png", "image/png")));
            }
        }
    }

    private static IEnumerable<(ImageParameter? Parameter, string What, Action Apply)> StyledBreakers(
        ProviderCapabilities capabilities, StyledImageRequest r, IReadOnlyList<ImageParameter> takes, Choices c)
    {
        var operation = r.Operation;
        if (takes.Contains(ImageParameter.Prompt))
        {
            yield return (ImageParameter.Prompt, "blank prompt", () => r.Prompt = c.Pick(["", " ", "\t\n"]));
            if (capabilities.IsRequired(operation, ImageParameter.Prompt))
            {
                yield return (ImageParameter.Prompt, "prompt missing", () => r.Prompt = null);
            }
        }

        if (takes.Contains(ImageParameter.NegativePrompt))
        {
            yield return (ImageParameter.NegativePrompt, "blank negative prompt", () => r.NegativePrompt = " ");
        }

        // Values the model knows but the provider's table does not list.
        foreach (var (parameter, known, set) in Enumerated(r))
        {
            var allowed = capabilities.GetAllowedValues(operation, parameter);
            var refused = known.Where(k => allowed.Count > 0 && !allowed.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
            if (takes.Contains(parameter) && refused.Count > 0)
            {
                yield return (parameter, $"{parameter} value the provider does not list", () => set(c.Pick(refused)));
            }

            if (takes.Contains(parameter))
            {
                yield return (parameter, $"{parameter} value nobody knows", () => set("WARP_" + c.Int(0, 99)));
            }
        }

        if (takes.Contains(ImageParameter.Resolution) && takes.Contains(ImageParameter.AspectRatio) && r is not ReframeRequest)
        {
            yield return (ImageParameter.AspectRatio, "resolution and aspect ratio together", () =>
            {
                r.Resolution = Pick(capabilities, operation, ImageParameter.Resolution, Resolution.Known, c);
                r.AspectRatio = Pick(capabilities, operation, ImageParameter.AspectRatio, AspectRatio.Known, c);
            });
        }

        if (takes.Contains(ImageParameter.StyleCodes))
        {
            yield return (ImageParameter.StyleCodes, "a style code that is not 8 hex digits", () =>
            {
                r.StyleType = null;
                r.StyleReferenceImages = [];
                r.StyleCodes = [c.Pick(["XYZ", "1234567", "123456789", "GGGGGGGG", ""])];
            });
            if (takes.Contains(ImageParameter.StyleType))
            {
                yield return (ImageParameter.StyleCodes, "style codes with a style type", () =>
                {
                    r.StyleReferenceImages = [];
                    r.StyleCodes = ["AAFF5733"];
                    r.StyleType = Pick(capabilities, operation, ImageParameter.StyleType, StyleType.Known, c);
                });
            }

            if (takes.Contains(ImageParameter.StyleReferenceImages))
            {
                yield return (ImageParameter.StyleCodes, "style codes with style reference images", () =>
                {
                    r.StyleType = null;
                    r.StyleCodes = ["AAFF5733"];
                    r.StyleReferenceImages = [NeutralRequests.Image(capabilities, c)];
                });
            }
        }

        // Palette colours are checked by the model's own rules, whatever presets the provider lists.
        if (takes.Contains(ImageParameter.ColorPalette))
        {
            yield return (ImageParameter.ColorPalette, "a palette colour that is not hex", () => r.ColorPalette = ColorPalette.FromMembers(new ColorPaletteMember(c.Pick(["red", "#12", "#GGGGGG", "123456"]))));
            yield return (ImageParameter.ColorPalette, "a palette weight out of range", () => r.ColorPalette = ColorPalette.FromMembers(new ColorPaletteMember("#FF0000", c.Bool() ? 0.01 : 1.5)));
            yield return (ImageParameter.ColorPalette, "nine palette colours", () => r.ColorPalette = ColorPalette.FromMembers(Enumerable.Range(0, 9).Select(_ => new ColorPaletteMember("#00FF00"))));
        }

        if (takes.Contains(ImageParameter.CharacterReferenceImages) && takes.Contains(ImageParameter.CharacterReferenceImageMasks)
            && (capabilities.GetMaxCount(operation, ImageParameter.CharacterReferenceImageMasks) ?? 2) >= 1)
        {
            yield return (ImageParameter.CharacterReferenceImageMasks, "a mask without its character reference", () =>
            {
                r.CharacterReferenceImages = [];
                r.CharacterReferenceImageMasks = [NeutralRequests.Image(capabilities, c)];
            });
        }

        if (takes.Contains(ImageParameter.CustomModelUri))
        {
            yield return (ImageParameter.CustomModelUri, "a custom model that is not a model URI", () => r.CustomModelUri = c.Pick(["model/x", "https://example.invalid/m", "model//version/1"]));
        }

        if (takes.Contains(ImageParameter.StyleReferenceImages) && capabilities.GetMaxCount(operation, ImageParameter.StyleReferenceImages) is { } maxReferences)
        {
            yield return (ImageParameter.StyleReferenceImages, "more style reference images than the provider takes", () =>
            {
                r.StyleCodes = [];
                r.StyleReferenceImages = [.. Enumerable.Range(0, maxReferences + 1).Select(_ => NeutralRequests.Image(capabilities, c))];
            });
        }
    }

    /// <summary>Parameters a breaker can set on this request type, with a value the model itself accepts.</summary>
    private static IEnumerable<(ImageParameter Parameter, Action Set)> Settable(ImageRequest request, Choices c)
    {
        if (request is StyledImageRequest r)
        {
            yield return (ImageParameter.NegativePrompt, () => r.NegativePrompt = "blurry");
            yield return (ImageParameter.RenderingSpeed, () => r.RenderingSpeed = c.Pick(RenderingSpeed.Known));
            yield return (ImageParameter.MagicPrompt, () => r.MagicPrompt = c.Pick(MagicPrompt.Known));
            yield return (ImageParameter.StylePreset, () => r.StylePreset = c.Pick(StylePreset.Known));
            yield return (ImageParameter.ColorPalette, () => r.ColorPalette = ColorPalette.FromPreset(c.Pick(ColorPalettePreset.Known)));
            yield return (ImageParameter.CustomModelUri, () => r.CustomModelUri = "model/m1/version/1");
            if (r is not ReframeRequest)
            {
                yield return (ImageParameter.AspectRatio, () =>
                {
                    r.Resolution = null;
                    r.AspectRatio = c.Pick(AspectRatio.Known);
                });
                yield return (ImageParameter.Resolution, () =>
                {
                    r.AspectRatio = null;
                    r.Resolution = c.Pick(Resolution.Known);
                });
            }

            if (r.StyleCodes.Count == 0)
            {
                yield return (ImageParameter.StyleType, () => r.StyleType = c.Pick(StyleType.Known));
            }

            if (r.StyleType is null && r.StyleReferenceImages.Count == 0)
            {
                yield return (ImageParameter.StyleCodes, () => r.StyleCodes = ["AAFF5733"]);
            }

            if (r.StyleCodes.Count == 0)
            {
                yield return (ImageParameter.StyleReferenceImages, () => r.StyleReferenceImages = [ImageInput.FromBytes(Emulator.EmuKit.Png(8, 8), "s.png", "image/png")]);
            }

            yield return (ImageParameter.CharacterReferenceImages, () =>
            {
                r.CharacterReferenceImageMasks = [];
                r.CharacterReferenceImages = [ImageInput.FromBytes(Emulator.EmuKit.Png(8, 8), "c.png", "image/png")];
            });
        }

        switch (request)
        {
            case GenerateRequest g:
                yield return (ImageParameter.UpscaleFactor, () => g.UpscaleFactor = c.Pick(UpscaleFactor.Known));
                break;
            case DescribeRequest d:
                yield return (ImageParameter.DescribeModelVersion, () => d.ModelVersion = c.Pick(DescribeModelVersion.Known));
                break;
            case UpscaleRequest u:
                yield return (ImageParameter.MagicPromptVersion, () => u.MagicPromptVersion = c.Pick(MagicPromptVersion.Known));
                yield return (ImageParameter.Resemblance, () => u.Resemblance = c.Int(1, 100));
                break;
        }
    }

    /// <summary>The enumerated parameters of a styled request, with their catalogs and setters.</summary>
    private static IEnumerable<(ImageParameter Parameter, IReadOnlyList<string> Known, Action<string> Set)> Enumerated(StyledImageRequest r)
    {
        yield return (ImageParameter.RenderingSpeed, [.. RenderingSpeed.Known.Select(v => v.Value)], v => r.RenderingSpeed = new RenderingSpeed(v));
        yield return (ImageParameter.MagicPrompt, [.. MagicPrompt.Known.Select(v => v.Value)], v => r.MagicPrompt = new MagicPrompt(v));
        yield return (ImageParameter.StylePreset, [.. StylePreset.Known.Select(v => v.Value)], v => r.StylePreset = new StylePreset(v));
        if (r.StyleCodes.Count == 0)
        {
            yield return (ImageParameter.StyleType, [.. StyleType.Known.Select(v => v.Value)], v => r.StyleType = new StyleType(v));
        }

        if (r.AspectRatio is null)
        {
            yield return (ImageParameter.Resolution, [.. Resolution.Known.Select(v => v.Value)], v => r.Resolution = new Resolution(v));
        }

        if (r.Resolution is null)
        {
            yield return (ImageParameter.AspectRatio, [.. AspectRatio.Known.Select(v => v.Value)], v => r.AspectRatio = new AspectRatio(v));
        }
    }

    private static T Pick<T>(ProviderCapabilities capabilities, ImageOperation operation, ImageParameter parameter, IReadOnlyList<T> known, Choices c)
        where T : struct, IOpenEnumeration<T>
    {
        var allowed = capabilities.GetAllowedValues(operation, parameter).Select(T.Create).Where(v => known.Contains(v)).ToList();
        return c.Pick(allowed.Count > 0 ? allowed : known);
    }

    private static void SetImage(ImageRequest request, ImageInput? image)
    {
        switch (request)
        {
            case EditRequest r: r.Image = image; break;
            case RemixRequest r: r.Image = image; break;
            case ReframeRequest r: r.Image = image; break;
            case ReplaceBackgroundRequest r: r.Image = image; break;
            case DescribeRequest r: r.Image = image; break;
            case UpscaleRequest r: r.Image = image; break;
        }
    }
}
