using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Union.Contracts;

namespace Union.Gateway.Tests;

/// <summary>
/// Every REST binding in the protos is reachable through the gateway, and only on its own
/// service's cluster: a new RPC whose path no gateway route covers fails here, not in the field.
/// </summary>
public partial class RouteCoverageTests
{
    private static readonly IReadOnlyList<(string Name, string Cluster, TemplateMatcher Matcher)> Routes = LoadRoutes();

    public static TheoryData<string, string> RestBindings()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in ApiCatalog.ServiceFiles.SelectMany(f => f.Services).SelectMany(s => s.Methods))
        {
            var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
            if (rule is null) continue;
            var template = rule.PatternCase switch
            {
                HttpRule.PatternOneofCase.Get => rule.Get,
                HttpRule.PatternOneofCase.Post => rule.Post,
                HttpRule.PatternOneofCase.Put => rule.Put,
                HttpRule.PatternOneofCase.Delete => rule.Delete,
                HttpRule.PatternOneofCase.Patch => rule.Patch,
                _ => null,
            };
            if (template is null) continue;
            // The cluster is the package's service: union.<cluster>.v1.
            var cluster = method.Service.File.Package.Split('.')[1];
            data.Add(Concrete(template), cluster);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RestBindings))]
    public void Every_rest_binding_reaches_its_service_through_the_gateway(string path, string cluster)
    {
        var matching = Routes.Where(r => r.Matcher.TryMatch(path, new RouteValueDictionary())).ToList();

        Assert.NotEmpty(matching);
        Assert.All(matching, r => Assert.Equal(cluster, r.Cluster));
    }

    /// <summary>A path a client would send: every {variable} filled with a sample value.</summary>
    private static string Concrete(string template) => Variable().Replace(template, "3f2b8c1e-0000-7000-8000-000000000001");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Variable();

    private static List<(string, string, TemplateMatcher)> LoadRoutes()
    {
        var settings = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        using var json = JsonDocument.Parse(File.ReadAllText(settings));
        var routes = json.RootElement.GetProperty("ReverseProxy").GetProperty("Routes");
        return routes.EnumerateObject()
            .Select(r => (r.Name, r.Value.GetProperty("ClusterId").GetString()!,
                new TemplateMatcher(TemplateParser.Parse(r.Value.GetProperty("Match").GetProperty("Path").GetString()!.TrimStart('/')), new RouteValueDictionary())))
            .ToList();
    }
}
