using System.Globalization;
using System.Text;
using CsCheck;
using Ideogram.Sdk.EmulatorTests.Emulator;

namespace Ideogram.Sdk.EmulatorTests.Properties;

/// <summary>
/// Generates neutral requests inside what a provider's <see cref="ProviderCapabilities"/> says it takes: every
/// operation it offers, any subset of that operation's parameters, every value its table allows (the known catalog when
/// the table takes any known value), numbers inside its ranges, lists up to its counts, and PNG inputs of random small
/// sizes (bytes, or URLs on providers that take them). The rules of the model itself hold too (resolution or aspect
/// ratio, style codes alone, one mask per character reference), so every generated request is one the SDK should send.
/// </summary>
/// <remarks>
/// A case is built from a tape of random numbers (<see cref="Choices"/>), so CsCheck shrinks a failure by shrinking
/// the tape: zeros mean "the smallest choice", that is "leave the optional parameter out".
/// </remarks>
internal static class NeutralRequests
{
    /// <summary>Tapes long enough for the largest request (every parameter set, several images).</summary>
    public static Gen<uint[]> Tapes { get; } = Gen.UInt.Array[400];

    private static readonly string[] Words = ["a", "red", "fox", "on", "the", "hill", "neon", "sign", "café", "東京", "at", "dusk", "\"quoted\"", "50%", "&"];

    /// <summary>A request for <paramref name="provider"/>, with a description of what was set.</summary>
    public static GeneratedRequest Generate(IdeogramProvider provider, uint[] tape)
    {
        var capabilities = IdeogramClient.GetCapabilities(provider);
        var c = new Choices(tape);
        var operation = c.Pick(capabilities.Operations);
        return new Builder(capabilities, operation, c).Build();
    }

    /// <summary>Sends <paramref name="request"/> through the client method a user would call for its operation.</summary>
    public static Task<ImageResult> SendAsync(IdeogramClient client, ImageRequest request) => request switch
    {
        GenerateRequest r => client.GenerateAsync(r),
        EditRequest r => client.EditAsync(r),
        RemixRequest r => client.RemixAsync(r),
        ReframeRequest r => client.ReframeAsync(r),
        ReplaceBackgroundRequest r => client.ReplaceBackgroundAsync(r),
        DescribeRequest r => client.DescribeAsync(r),
        UpscaleRequest r => client.UpscaleAsync(r),
        _ => throw new ArgumentOutOfRangeException(nameof(request), request, null),
    };

    /// <summary>A short prompt-like text (never one of the emulators' magic words).</summary>
    public static string Text(Choices c) => string.Join(' ', Enumerable.Range(0, c.Int(1, 8)).Select(_ => c.Pick(Words)));

    /// <summary>A PNG input of a random small size, as bytes or (where the provider takes them) an unreachable URL the emulator only checks.</summary>
    public static ImageInput Image(ProviderCapabilities capabilities, Choices c, int? width = null, int? height = null, List<string>? log = null)
    {
        var w = width ?? c.Int(8, 96);
        var h = height ?? c.Int(8, 96);
        var asUrl = capabilities.AcceptsImageUrls && (!capabilities.AcceptsImageBytes || c.Bool());
        log?.Add(asUrl ? "url" : FormattableString.Invariant($"png {w}x{h}"));
        return asUrl
            ? ImageInput.FromUrl(FormattableString.Invariant($"https://images.example.invalid/{c.Int(1, 999_999)}.png"))
            : ImageInput.FromBytes(EmuKit.Png(w, h), "input.png", "image/png");
    }

    private sealed class Builder(ProviderCapabilities capabilities, ImageOperation operation, Choices c)
    {
        private readonly StringBuilder _description = new();
        private readonly IReadOnlyList<ImageParameter> _parameters = capabilities.GetParameters(operation);

        private bool Takes(ImageParameter parameter) => _parameters.Contains(parameter);

        /// <summary>Whether to set <paramref name="parameter"/>: always when required, else a coin flip, never when the operation does not take it.</summary>
        private bool Choose(ImageParameter parameter) => Takes(parameter) && (capabilities.IsRequired(operation, parameter) || c.Bool());

        private void Note(ImageParameter parameter, object? value) =>
            _description.Append(CultureInfo.InvariantCulture, $" {parameter}={value}");

        /// <summary>
        /// A prompt. Known gap: API in One refuses prompts shorter than 3 characters and the SDK does not check it yet
        /// (<see cref="KnownGapTests"/>), so API in One prompts are drawn from 3 characters up.
        /// </summary>
        private string Prompt()
        {
            var text = Text(c);
            return capabilities.Provider == IdeogramProvider.ApiInOne && text.Length < 3 ? text + " fox" : text;
        }

        public GeneratedRequest Build()
        {
            ImageInput? image = null;
            if (Takes(ImageParameter.Image) && operation != ImageOperation.Edit)
            {
                var log = new List<string>();
                image = Image(capabilities, c, log: log);
                Note(ImageParameter.Image, log[0]);
            }

            var request = CreateRequest(image);
            if (request is StyledImageRequest styled)
            {
                Styled(styled);
            }

            if (request is UpscaleRequest upscale)
            {
                Upscale(upscale);
            }

            if (request is DescribeRequest describe && Choose(ImageParameter.DescribeModelVersion))
            {
                describe.ModelVersion = c.Pick(Values(ImageParameter.DescribeModelVersion, DescribeModelVersion.Known));
                Note(ImageParameter.DescribeModelVersion, describe.ModelVersion);
            }

            if (request is RemixRequest remix && Choose(ImageParameter.ImageWeight))
            {
                remix.ImageWeight = (int)Number(ImageParameter.ImageWeight, 1, 100);
                Note(ImageParameter.ImageWeight, remix.ImageWeight);
            }

            if (request is GenerateRequest generate && Choose(ImageParameter.UpscaleFactor))
            {
                generate.UpscaleFactor = c.Pick(Values(ImageParameter.UpscaleFactor, UpscaleFactor.Known));
                Note(ImageParameter.UpscaleFactor, generate.UpscaleFactor);
            }

            if (Choose(ImageParameter.Seed))
            {
                request.Seed = Number(ImageParameter.Seed, 0, int.MaxValue);
                Note(ImageParameter.Seed, request.Seed);
            }

            if (Choose(ImageParameter.NumImages))
            {
                request.NumImages = (int)Number(ImageParameter.NumImages, 1, 8);
                Note(ImageParameter.NumImages, request.NumImages);
            }

            return new GeneratedRequest(capabilities.Provider, request, $"{capabilities.Provider} {operation}:{_description}");
        }

        private ImageRequest CreateRequest(ImageInput? image)
        {
            var prompt = Prompt();
            if (Takes(ImageParameter.Prompt))
            {
                Note(ImageParameter.Prompt, prompt);
            }

            switch (operation)
            {
                case ImageOperation.Generate:
                    return new GenerateRequest(prompt);
                case ImageOperation.GenerateTransparent:
                    return new GenerateRequest(prompt) { TransparentBackground = true };
                case ImageOperation.Edit:
                {
                    // The mask covers the image exactly: same input kind and size.
                    var w = c.Int(8, 96);
                    var h = c.Int(8, 96);
                    var sized = Image(capabilities, c, w, h);
                    var mask = sized.Url is null ? ImageInput.FromBytes(EmuKit.Png(w, h), "mask.png", "image/png") : ImageInput.FromUrl("https://images.example.invalid/mask.png");
                    Note(ImageParameter.Image, sized.Url is null ? FormattableString.Invariant($"png {w}x{h} with mask") : "url with mask");
                    return new EditRequest(sized, mask, prompt);
                }

                case ImageOperation.Remix:
                    return new RemixRequest(image!, prompt);
                case ImageOperation.Reframe:
                {
                    var resolution = c.Pick(Values(ImageParameter.Resolution, Resolution.Known));
                    Note(ImageParameter.Resolution, resolution);
                    return new ReframeRequest(image!, resolution);
                }

                case ImageOperation.ReplaceBackground:
                    return new ReplaceBackgroundRequest(image!, prompt);
                case ImageOperation.Describe:
                    return new DescribeRequest(image!);
                case ImageOperation.Upscale:
                    return new UpscaleRequest(image!);
                default:
                    throw new InvalidOperationException($"No generator for {operation} yet.");
            }
        }

        private void Styled(StyledImageRequest r)
        {
            if (r.Prompt is not null && !Takes(ImageParameter.Prompt))
            {
                r.Prompt = null;
            }

            if (Choose(ImageParameter.NegativePrompt))
            {
                r.NegativePrompt = Text(c);
                Note(ImageParameter.NegativePrompt, r.NegativePrompt);
            }

            // Resolution or aspect ratio, never both (a rule of the model); reframe already has its resolution.
            if (r.Resolution is null)
            {
                var sizes = new[] { ImageParameter.Resolution, ImageParameter.AspectRatio }.Where(Takes).ToList();
                if (sizes.Count > 0 && c.Bool())
                {
                    if (c.Pick(sizes) == ImageParameter.Resolution)
                    {
                        r.Resolution = c.Pick(Values(ImageParameter.Resolution, Resolution.Known));
                        Note(ImageParameter.Resolution, r.Resolution);
                    }
                    else
                    {
                        r.AspectRatio = c.Pick(Values(ImageParameter.AspectRatio, AspectRatio.Known));
                        Note(ImageParameter.AspectRatio, r.AspectRatio);
                    }
                }
            }

            if (Choose(ImageParameter.RenderingSpeed))
            {
                r.RenderingSpeed = c.Pick(Values(ImageParameter.RenderingSpeed, RenderingSpeed.Known));
                Note(ImageParameter.RenderingSpeed, r.RenderingSpeed);
            }

            if (Choose(ImageParameter.MagicPrompt))
            {
                r.MagicPrompt = c.Pick(Values(ImageParameter.MagicPrompt, MagicPrompt.Known));
                Note(ImageParameter.MagicPrompt, r.MagicPrompt);
            }

            if (Choose(ImageParameter.StylePreset))
            {
                r.StylePreset = c.Pick(Values(ImageParameter.StylePreset, StylePreset.Known));
                Note(ImageParameter.StylePreset, r.StylePreset);
            }

            if (Choose(ImageParameter.ColorPalette))
            {
                r.ColorPalette = Palette();
                Note(ImageParameter.ColorPalette, r.ColorPalette);
            }

            // Style codes stand alone: not with a style type nor with style reference images (rules of the model).
            var styleChoice = c.Int(0, 2);
            if (styleChoice == 1 && Takes(ImageParameter.StyleType))
            {
                r.StyleType = c.Pick(Values(ImageParameter.StyleType, StyleType.Known));
                Note(ImageParameter.StyleType, r.StyleType);
            }

            if (styleChoice == 2 && Takes(ImageParameter.StyleCodes))
            {
                var count = c.Int(1, Math.Min(capabilities.GetMaxCount(operation, ImageParameter.StyleCodes) ?? 3, 3));
                r.StyleCodes = [.. Enumerable.Range(0, count).Select(_ => c.Int(0, int.MaxValue).ToString("X8", CultureInfo.InvariantCulture))];
                Note(ImageParameter.StyleCodes, string.Join(",", r.StyleCodes));
            }
            else if (Choose(ImageParameter.StyleReferenceImages))
            {
                r.StyleReferenceImages = Images(ImageParameter.StyleReferenceImages);
            }

            if (Choose(ImageParameter.CharacterReferenceImages))
            {
                r.CharacterReferenceImages = Images(ImageParameter.CharacterReferenceImages);
                if (Choose(ImageParameter.CharacterReferenceImageMasks))
                {
                    r.CharacterReferenceImageMasks = [.. r.CharacterReferenceImages.Select(_ => Image(capabilities, c))];
                    Note(ImageParameter.CharacterReferenceImageMasks, r.CharacterReferenceImageMasks.Count);
                }
            }

            if (Choose(ImageParameter.CustomModelUri))
            {
                r.CustomModelUri = FormattableString.Invariant($"model/m{c.Int(1, 99)}/version/{c.Int(1, 9)}");
                Note(ImageParameter.CustomModelUri, r.CustomModelUri);
            }
        }

        private void Upscale(UpscaleRequest r)
        {
            if (Choose(ImageParameter.Prompt))
            {
                r.Prompt = Text(c);
                Note(ImageParameter.Prompt, r.Prompt);
            }

            if (Choose(ImageParameter.Resemblance))
            {
                r.Resemblance = (int)Number(ImageParameter.Resemblance, 1, 100);
                Note(ImageParameter.Resemblance, r.Resemblance);
            }

            if (Choose(ImageParameter.Detail))
            {
                r.Detail = (int)Number(ImageParameter.Detail, 1, 100);
                Note(ImageParameter.Detail, r.Detail);
            }

            if (Choose(ImageParameter.MagicPrompt))
            {
                r.MagicPrompt = c.Pick(Values(ImageParameter.MagicPrompt, MagicPrompt.Known));
                Note(ImageParameter.MagicPrompt, r.MagicPrompt);
            }

            if (Choose(ImageParameter.MagicPromptVersion))
            {
                r.MagicPromptVersion = c.Pick(Values(ImageParameter.MagicPromptVersion, MagicPromptVersion.Known));
                Note(ImageParameter.MagicPromptVersion, r.MagicPromptVersion);
            }
        }

        private List<ImageInput> Images(ImageParameter parameter)
        {
            var count = c.Int(1, Math.Min(capabilities.GetMaxCount(operation, parameter) ?? 3, 3));
            var log = new List<string>();
            var images = Enumerable.Range(0, count).Select(_ => Image(capabilities, c, log: log)).ToList();
            Note(parameter, string.Join("+", log));
            return images;
        }

        private ColorPalette Palette()
        {
            var presets = capabilities.GetAllowedValues(operation, ImageParameter.ColorPalette);
            if (presets.Count > 0 || c.Bool())
            {
                return ColorPalette.FromPreset(c.Pick(presets.Count > 0 ? [.. presets.Select(p => new ColorPalettePreset(p))] : ColorPalettePreset.Known));
            }

            var members = Enumerable.Range(0, c.Int(1, 8)).Select(_ => new ColorPaletteMember(
                c.Bool() ? "#" + c.Int(0, 0xFFF).ToString("X3", CultureInfo.InvariantCulture) : "#" + c.Int(0, 0xFFFFFF).ToString("x6", CultureInfo.InvariantCulture),
                c.Bool() ? c.Int(5, 100) / 100.0 : null));
            return ColorPalette.FromMembers(members);
        }

        /// <summary>
        /// The values the table allows, or the whole known catalog when it takes any known value. Known gap: a table
        /// may list values outside the model's catalog (Runflow's preset sizes 512x512, 1024x768, ...), which the
        /// validator then refuses (<see cref="KnownGapTests"/>); until that is settled only catalog values are drawn.
        /// </summary>
        private IReadOnlyList<T> Values<T>(ImageParameter parameter, IReadOnlyList<T> known)
            where T : struct, IOpenEnumeration<T>
        {
            var allowed = capabilities.GetAllowedValues(operation, parameter);
            return allowed.Count == 0 ? known : [.. allowed.Select(T.Create).Where(v => known.Contains(v))];
        }

        /// <summary>A number inside the table's range, or inside the model's when the table has none.</summary>
        private long Number(ImageParameter parameter, long min, long max)
        {
            var (lo, hi) = capabilities.GetRange(operation, parameter) ?? (min, max);
            return c.Long(lo, hi);
        }
    }
}

/// <summary>A generated request and what it holds, for the failure report.</summary>
internal sealed record GeneratedRequest(IdeogramProvider Provider, ImageRequest Request, string Description)
{
    public override string ToString() => Description;
}

/// <summary>Reads choices off a tape of random numbers; past its end every choice is the smallest.</summary>
internal sealed class Choices(uint[] tape)
{
    private int _next;

    private uint Next() => _next < tape.Length ? tape[_next++] : 0;

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; a zero on the tape gives <paramref name="min"/>.</summary>
    public int Int(int min, int max) => (int)Long(min, max);

    public long Long(long min, long max)
    {
        var span = (ulong)(max - min) + 1;
        var raw = ((ulong)Next() << 32) | Next();
        return min + (long)(span == 0 ? raw : raw % span);
    }

    /// <summary>A coin flip; a zero on the tape gives <see langword="false"/>.</summary>
    public bool Bool() => Next() % 2 == 1;

    public T Pick<T>(IReadOnlyList<T> items) => items[Int(0, items.Count - 1)];
}
