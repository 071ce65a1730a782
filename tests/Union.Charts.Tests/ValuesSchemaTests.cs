namespace Union.Charts.Tests;

/// <summary>values.schema.json refuses a release that could not start, before anything is applied.</summary>
public class ValuesSchemaTests
{
    private static Charts.Result TemplateWithout(string removeLine, string? replaceWith = null)
    {
        var lines = File.ReadAllLines(Charts.ValuesPath("values-province.yaml"));
        var index = Array.FindIndex(lines, l => l.TrimStart().StartsWith(removeLine, StringComparison.Ordinal));
        Assert.True(index >= 0, $"values-province.yaml has no line starting with '{removeLine}'");
        var changed = lines.ToList();
        if (replaceWith is null) changed.RemoveAt(index);
        else changed[index] = lines[index][..(lines[index].Length - lines[index].TrimStart().Length)] + replaceWith;
        var path = Path.Combine(Path.GetTempPath(), $"union-values-{Guid.NewGuid():N}.yaml");
        File.WriteAllLines(path, changed);
        return Charts.Template(path);
    }

    [Fact]
    public void A_values_file_without_the_database_secret_reference_is_refused()
    {
        var result = TemplateWithout("secretName: union-databases");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("values don't meet the specifications of the schema", result.Stderr);
        Assert.Contains("global.database", result.Stderr);
        Assert.Contains("secretName is required", result.Stderr);
    }

    [Theory]
    [InlineData("Oracle")]
    [InlineData("Sqlite")]
    public void An_unknown_or_local_only_provider_is_refused(string provider)
    {
        var result = TemplateWithout("provider: SqlServer", $"provider: {provider}");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("global.database.provider", result.Stderr);
        Assert.Contains("SqlServer", result.Stderr);
    }

    [Theory]
    [InlineData("authority: https://id.example.gov.cn/realms/union", "authority is required")]
    [InlineData("passwordSecret: { name: union-rabbitmq, key: password }", "passwordSecret is required")]
    [InlineData("secret: { name: union-redis, key: configuration }", "redis is required")]
    [InlineData("keyIds: [k1]", "keyIds is required")]
    [InlineData("registry: registry.example.gov.cn/union", "registry is required")]
    public void Every_setting_without_a_safe_default_is_required(string line, string message)
    {
        var result = TemplateWithout(line);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public void A_password_given_as_a_plain_setting_is_refused()
    {
        var result = TemplateWithout("rateLimiting: { permitsPerSecond: 20, burst: 60 }",
            "settings: { RabbitMq__Password: guest }");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("gateway.settings", result.Stderr);
    }

    [Fact]
    public void A_wildcard_browser_origin_is_refused()
    {
        var result = TemplateWithout("allowedOrigins: [\"https://union.example.gov.cn\"]", "allowedOrigins: [\"*\"]");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("allowedOrigins", result.Stderr);
    }
}
