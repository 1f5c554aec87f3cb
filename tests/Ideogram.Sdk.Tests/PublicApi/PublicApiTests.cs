namespace Ideogram.Sdk.Tests.PublicApi;

/// <summary>
/// The public surface itself is declared in <c>src/Ideogram.Sdk/PublicAPI.*.txt</c> and enforced at build time by
/// Microsoft.CodeAnalysis.PublicApiAnalyzers (nullability included). These checks cover what the analyzer does not.
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void No_public_type_leaks_an_internal_namespace_or_a_readable_secret()
    {
        var types = typeof(IdeogramClient).Assembly.GetExportedTypes();
        Assert.DoesNotContain(types, t => t.Namespace is null);
        Assert.Null(typeof(ApiKey).GetProperty("Key"));
        Assert.Null(typeof(ApiKey).GetProperty("Value"));
        Assert.Empty(typeof(ApiKey).GetProperties());
    }

    [Fact]
    public void The_declared_api_files_are_part_of_the_build()
    {
        var project = Path.Combine(FindRoot(), "src", "Ideogram.Sdk");
        var csproj = File.ReadAllText(Path.Combine(project, "Ideogram.Sdk.csproj"));
        Assert.Contains("Microsoft.CodeAnalysis.PublicApiAnalyzers", csproj, StringComparison.Ordinal);
        Assert.Contains("PublicAPI.Shipped.txt", csproj, StringComparison.Ordinal);
        Assert.Contains("PublicAPI.Unshipped.txt", csproj, StringComparison.Ordinal);

        var declared = File.ReadAllLines(Path.Combine(project, "PublicAPI.Unshipped.txt"));
        Assert.Equal("#nullable enable", declared[0]);
        Assert.Contains("virtual Ideogram.Sdk.IdeogramClient.GenerateAsync(Ideogram.Sdk.GenerateRequest! request, System.Threading.CancellationToken cancellationToken = default(System.Threading.CancellationToken)) -> System.Threading.Tasks.Task<Ideogram.Sdk.ImageResult!>!", declared);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ideogram.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root was not found.");
    }
}
