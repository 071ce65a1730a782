namespace Union.Charts.Tests;

public class ChartRenderTests
{
    public static TheoryData<string> Values() => new(Charts.ValuesFiles);

    [Theory]
    [MemberData(nameof(Values))]
    public void Lint_passes_with_each_values_file(string file)
    {
        var lint = Charts.Lint(Charts.ValuesPath(file));
        Assert.True(lint.ExitCode == 0, lint.Output);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Rendered_manifests_validate_against_the_Kubernetes_schemas(string file)
    {
        var manifests = Charts.RenderToFile(file);
        var check = Charts.Run(Path.Combine(Charts.Root, "scripts", "charts.sh"), ["validate", manifests]);
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains(" 0 problem(s)", check.Stdout);
    }

    [Fact]
    public void The_validator_refuses_a_misspelt_field_and_a_removed_API()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"union-chart-bad-{Environment.ProcessId}.yaml");
        File.WriteAllText(bad, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: x }
            spec:
              selector: { matchLabels: { a: b } }
              template:
                metadata: { labels: { a: b } }
                spec:
                  containers:
                    - name: a
                      image: i
                      readinessProbes: { httpGet: { path: /, port: 80 } }
            ---
            apiVersion: policy/v1beta1
            kind: PodDisruptionBudget
            metadata: { name: y }
            """);
        var check = Charts.Run(Path.Combine(Charts.Root, "scripts", "charts.sh"), ["validate", bad]);
        Assert.NotEqual(0, check.ExitCode);
        Assert.Contains("readinessProbes: field not defined by the API", check.Stdout);
        Assert.Contains("policy/v1beta1/PodDisruptionBudget is not a stable Kubernetes 1.31 API kind", check.Stdout);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Every_deployable_has_its_objects(string file)
    {
        var docs = Charts.Manifests(file);
        foreach (var name in new[] { "gateway", "archives", "projects", "funds", "evaluation" })
        {
            var full = "union-" + name;
            Assert.Single(docs.OfKind("Deployment"), d => d.Name() == full);
            Assert.Single(docs.OfKind("Service"), d => d.Name() == full);
            Assert.Single(docs.OfKind("ServiceAccount"), d => d.Name() == full);
            Assert.Single(docs.OfKind("NetworkPolicy"), d => d.Name() == full);
        }
        Assert.Single(docs.OfKind("Ingress"), d => d.Name() == "union-gateway");
    }

    [Fact]
    public void Autoscaling_is_off_in_dev_and_on_in_the_province()
    {
        Assert.Empty(Charts.Manifests("values-dev.yaml").OfKind("HorizontalPodAutoscaler"));
        Assert.Equal(5, Charts.Manifests("values-province.yaml").OfKind("HorizontalPodAutoscaler").Count());
        Assert.Equal(5, Charts.Manifests("values-province.yaml").OfKind("PodDisruptionBudget").Count());
    }
}
