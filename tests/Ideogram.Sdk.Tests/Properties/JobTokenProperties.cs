using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace Ideogram.Sdk.Tests.Properties;

/// <summary>
/// Job tokens: any job the SDK can hold survives <see cref="ImageJob.ToToken"/> → <see cref="ImageJob.Parse"/>
/// unchanged (and re-encodes to the same token), and a damaged or forged token is refused cleanly: a
/// <see cref="FormatException"/> or <see cref="ArgumentException"/>, never another exception type, and
/// <see cref="ImageJob.TryParse"/> never throws.
/// </summary>
/// <remarks>
/// A failure prints the shrunk case and CsCheck's seed; replay it with
/// <c>CsCheck_Seed=&lt;seed&gt; dotnet test --filter "FullyQualifiedName~JobTokenProperties"</c>.
/// </remarks>
public sealed class JobTokenProperties
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

    private static readonly Gen<string> Ids =
        Gen.Int[0, IdAlphabet.Length - 1].Array[1, 40].Select(indexes => new string([.. indexes.Select(i => IdAlphabet[i])]));

    private static readonly Gen<string> Texts = Gen.String[Gen.Char, 0, 20];

    private static readonly Gen<DateTimeOffset> Instants =
        Gen.Long[DateTimeOffset.UnixEpoch.ToUnixTimeMilliseconds(), new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()]
            .Select(DateTimeOffset.FromUnixTimeMilliseconds);

    private static readonly Gen<Dictionary<string, string>> Properties =
        Gen.Select(Ids, Texts).Array[0, 3].Select(pairs => pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2));

    private static readonly Gen<GeneratedImage> Images =
        Gen.Select(Ids, Gen.Long[0, int.MaxValue].Nullable(), Gen.Bool, Instants.Nullable(), Gen.Int[0, 1000].Nullable(), Gen.Int[0, Resolution.Known.Count - 1])
            .Select((id, seed, safe, expires, cents, resolution) => new GeneratedImage
            {
                Url = new Uri($"https://images.example.com/{id}.png?exp=1&sig=ab"),
                ContentType = "image/png",
                Seed = seed,
                IsSafe = safe,
                ExpiresAt = expires,
                ProviderImageId = id,
                Cost = cents / 100m,
                Resolution = Resolution.Known[resolution],
            });

    private static readonly Gen<ImageJob> Parts = Job(parts: null);

    private static readonly Gen<ImageJob> Jobs = Job(Parts.Array[0, 3]);

    private static Gen<ImageJob> Job(Gen<ImageJob[]>? parts) =>
        Gen.Select(
                Gen.Enum<IdeogramProvider>(),
                Gen.Enum<ImageOperation>(),
                Ids,
                Instants,
                Properties,
                parts ?? Gen.Const(Array.Empty<ImageJob>()),
                Gen.Select(Images.Array[0, 3], Gen.Bool, OrNull(Ids)).Nullable())
            .Select((provider, operation, id, created, properties, children, result) => new ImageJob(provider, operation, id, created, properties)
            {
                Parts = children,
                Result = result is { } r
                    ? new ImageResult(provider, operation, r.Item1) { Descriptions = r.Item2 ? ["a fox on a hill"] : [], RequestId = r.Item3 }
                    : null,
            });

    private static Gen<T?> OrNull<T>(Gen<T> gen)
        where T : class =>
        Gen.Select(Gen.Bool, gen, (present, value) => present ? value : null);

    [Fact]
    public void Any_job_survives_its_token_and_re_encodes_to_the_same_token()
    {
        Jobs.Sample(
            job =>
            {
                var token = job.ToToken();
                var parsed = ImageJob.Parse(token);

                AssertSame(job, parsed);
                Assert.Equal(token, parsed.ToToken());
                Assert.True(ImageJob.TryParse(token, out var again));
                Assert.Equal(job.Id, again!.Id);
            },
            iter: 300);
    }

    [Fact]
    public void A_damaged_token_is_refused_cleanly()
    {
        Gen.Select(Jobs, Gen.Int[0, 4], Gen.Int, Gen.Char)
            .Select((job, kind, position, replacement) => Damage(job.ToToken(), kind, position, replacement))
            .Sample(AssertRefusedCleanly, iter: 500);
    }

    [Fact(Skip = "Today's ImageJob.Parse and TryParse throw NullReferenceException for a null element in 'parts' or 'r.images' "
        + "(for example {\"parts\":[null]}). Unskip once Parse turns these into FormatException.")]
    public void A_token_with_a_forged_field_is_refused_cleanly()
    {
        Gen.Select(Jobs, Gen.Int, ForgedValues)
            .Select((job, which, value) => Forge(job.ToToken(), which, value))
            .Sample(forged => AssertRefusedCleanly(forged.Token), iter: 500);
    }

    /// <summary>JSON values a forger might put in any field: wrong types, huge or negative numbers, odd strings, deep nesting.</summary>
    private static Gen<string> ForgedValues { get; } = Gen.OneOf(
        "null", "true", "0", "-1", "1", "2", "99", "1e400", "-9223372036854775808", "9223372036854775807", "3.5",
        "\"\"", "\" \"", "\"..\"", "\"../../etc/passwd\"", "\"a/b\"", "\"\\u0000\"", "\"not a url\"", "\"http://[::1\"", "\"javascript:alert(1)\"",
        "\"Ideogram\"", "\"Generate\"", "\"Nope\"", "\"2026-13-45\"", "\"AAAA\"", "\"!!\"",
        "[]", "[null]", "[1,2]", "{}", "{\"a\":1}", "{\"url\":\"x\"}", new string('[', 200) + new string(']', 200));

    private static string Damage(string token, int kind, int position, char replacement)
    {
        var at = (int)((uint)position % (uint)Math.Max(1, token.Length));
        return kind switch
        {
            0 => token[..at] + replacement + token[(at + 1)..],
            1 => token.Remove(at, 1),
            2 => token.Insert(at, replacement.ToString()),
            3 => token[..at],
            _ => token + replacement,
        };
    }

    /// <summary>Replaces one field anywhere in the token's JSON (chosen by <paramref name="which"/>) with <paramref name="json"/>, then re-encodes it.</summary>
    private static ForgedToken Forge(string token, int which, string json)
    {
        var root = JsonNode.Parse(Base64Url.DecodeFromChars(token))!;
        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(root, slots);
        var (parent, key) = slots[(int)((uint)which % (uint)slots.Count)];
        var path = parent.GetPath();
        var value = JsonNode.Parse(json);
        if (parent is JsonObject o)
        {
            o[(string)key] = value;
            path += "." + key;
        }
        else
        {
            ((JsonArray)parent)[(int)key] = value;
            path += $"[{key}]";
        }

        var forged = root.ToJsonString();
        return new ForgedToken(Base64Url.EncodeToString(Encoding.UTF8.GetBytes(forged)), $"{path} = {(json.Length > 40 ? json[..40] + "…" : json)} in {forged}");
    }

    /// <summary>A token with one field replaced; printed as the field and the JSON it now holds.</summary>
    private sealed record ForgedToken(string Token, string What)
    {
        public override string ToString() => What;
    }

    private static void Collect(JsonNode node, List<(JsonNode Parent, object Key)> slots)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    slots.Add((o, name));
                    if (child is not null)
                    {
                        Collect(child, slots);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, i));
                    if (a[i] is { } child)
                    {
                        Collect(child, slots);
                    }
                }

                break;
        }
    }

    private static void AssertRefusedCleanly(string token)
    {
        var error = Record.Exception(() => ImageJob.Parse(token));
        Assert.True(error is null or FormatException or ArgumentException, $"Parse threw {error?.GetType()}: {error}");
        Assert.Equal(error is null, ImageJob.TryParse(token, out var job));
        Assert.Equal(error is null, job is not null);
    }

    private static void AssertSame(ImageJob expected, ImageJob actual)
    {
        Assert.Equal(expected.Provider, actual.Provider);
        Assert.Equal(expected.Operation, actual.Operation);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.Properties.OrderBy(p => p.Key), actual.Properties.OrderBy(p => p.Key));
        Assert.Equal(expected.Parts.Count, actual.Parts.Count);
        for (var i = 0; i < expected.Parts.Count; i++)
        {
            AssertSame(expected.Parts[i], actual.Parts[i]);
        }

        Assert.Equal(expected.IsCompleted, actual.IsCompleted);
        if (expected.Result is { } result)
        {
            Assert.Equal(result.RequestId, actual.Result!.RequestId);
            Assert.Equal(result.Descriptions, actual.Result.Descriptions);
            Assert.Equal(
                result.Images.Select(i => (i.Url, i.Seed, i.IsSafe, i.ExpiresAt, i.ProviderImageId, i.Cost, i.Resolution, i.ContentType)),
                actual.Result.Images.Select(i => (i.Url, i.Seed, i.IsSafe, i.ExpiresAt, i.ProviderImageId, i.Cost, i.Resolution, i.ContentType)));
        }
    }
}
