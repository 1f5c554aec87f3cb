using Ideogram.Cli.Tests.Infrastructure;
using Ideogram.Sdk;

namespace Ideogram.Cli.Tests;

/// <summary><c>ideogram capabilities</c> shows the SDK's mapping tables as a table, or as JSON.</summary>
public sealed class CapabilitiesTests
{
    [Fact]
    public async Task The_table_has_a_column_per_provider_and_a_row_per_operation()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync("capabilities");

        Assert.Equal(0, result.ExitCode);
        foreach (var provider in new[] { "ideogram", "runflow", "segmind", "runware", "apiinone" })
        {
            Assert.Contains(provider, result.Out, StringComparison.Ordinal);
        }

        foreach (var operation in Enum.GetValues<ImageOperation>())
        {
            Assert.Contains(operation.ToString(), result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task One_provider_shows_its_operations_as_columns()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync("capabilities", "--provider", "segmind");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("100..999999", result.Out, StringComparison.Ordinal);
        Assert.Contains("replace-background", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("upscale", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(IdeogramProvider.Ideogram)]
    [InlineData(IdeogramProvider.Runflow)]
    [InlineData(IdeogramProvider.Segmind)]
    [InlineData(IdeogramProvider.Runware)]
    [InlineData(IdeogramProvider.ApiInOne)]
    public async Task The_json_matches_the_sdk_capabilities(IdeogramProvider provider)
    {
        using var tool = Tool.Create();
        var expected = IdeogramClient.GetCapabilities(provider);

        var result = await tool.RunAsync("capabilities", "--provider", provider.ToString(), "--json");

        Assert.Equal(0, result.ExitCode);
        var document = Assert.Single(result.Json.EnumerateArray());
        Assert.Equal(IdeogramClient.GetApiKeyVariable(provider), document.GetProperty("apiKeyVariable").GetString());
        Assert.Equal(expected.MaxImagesPerCall, document.GetProperty("maxImagesPerCall").GetInt32());
        var operations = document.GetProperty("operations").EnumerateArray().ToList();
        Assert.Equal(expected.Operations.Select(o => o.ToString()), operations.Select(o => o.GetProperty("name").GetString()));
        foreach (var operation in operations)
        {
            var op = Enum.Parse<ImageOperation>(operation.GetProperty("name").GetString()!);
            var parameters = operation.GetProperty("parameters").EnumerateArray().ToList();
            Assert.Equal(expected.GetParameters(op).Select(p => p.ToString()), parameters.Select(p => p.GetProperty("name").GetString()));
            foreach (var parameter in parameters)
            {
                var p = Enum.Parse<ImageParameter>(parameter.GetProperty("name").GetString()!);
                Assert.Equal(expected.IsRequired(op, p), parameter.GetProperty("required").GetBoolean());
                if (expected.GetRange(op, p) is { } range)
                {
                    Assert.Equal(range.Min, parameter.GetProperty("min").GetInt64());
                    Assert.Equal(range.Max, parameter.GetProperty("max").GetInt64());
                }

                if (expected.GetAllowedValues(op, p) is { Count: > 0 } values)
                {
                    Assert.Equal(values, parameter.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
                }
            }
        }
    }

    [Fact]
    public async Task Without_a_provider_the_json_lists_all_five()
    {
        using var tool = Tool.Create();

        var result = await tool.RunAsync("capabilities", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Enum.GetValues<IdeogramProvider>().Length, result.Json.GetArrayLength());
    }
}
