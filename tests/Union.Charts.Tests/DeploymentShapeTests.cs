using System.Text.Json.Nodes;

namespace Union.Charts.Tests;

/// <summary>What every pod of the suite must be, whatever values file provincial IT starts from.</summary>
public class DeploymentShapeTests
{
    public static TheoryData<string> Values() => new(Charts.ValuesFiles);

    [Theory]
    [MemberData(nameof(Values))]
    public void Pods_are_hardened_sized_and_probed(string file)
    {
        foreach (var deployment in Charts.Manifests(file).OfKind("Deployment"))
        {
            var pod = deployment["spec"]!["template"]!["spec"]!;
            Assert.True((bool)pod["securityContext"]!["runAsNonRoot"]!, deployment.Name());
            Assert.NotNull(pod["topologySpreadConstraints"]);
            var container = pod["containers"]!.AsArray().Single()!;
            var security = container["securityContext"]!;
            Assert.True((bool)security["readOnlyRootFilesystem"]!, deployment.Name());
            Assert.False((bool)security["allowPrivilegeEscalation"]!, deployment.Name());
            Assert.Equal("ALL", (string)security["capabilities"]!["drop"]![0]!);
            foreach (var kind in new[] { "requests", "limits" })
            {
                Assert.NotNull(container["resources"]![kind]!["cpu"]);
                Assert.NotNull(container["resources"]![kind]!["memory"]);
            }
            foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
                Assert.Equal("http", (string)container[probe]!["httpGet"]!["port"]!);
            var readiness = (string)container["readinessProbe"]!["httpGet"]!["path"]!;
            // The gateway's /health/ready fails while any one service is down: as its readiness
            // probe it would take every gateway pod out at once (charts/README.md).
            Assert.Equal(deployment.Name() == "union-gateway" ? "/health/live" : "/health/ready", readiness);
        }
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Services_name_their_ports_with_app_protocols(string file)
    {
        foreach (var service in Charts.Manifests(file).OfKind("Service"))
        {
            var ports = service["spec"]!["ports"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (string)p!["appProtocol"]!);
            Assert.Equal(new Dictionary<string, string> { ["grpc"] = "kubernetes.io/h2c", ["http"] = "http" }, ports);
        }
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Each_service_migrates_in_a_pre_install_and_pre_upgrade_hook(string file)
    {
        var docs = Charts.Manifests(file);
        foreach (var name in new[] { "archives", "projects", "funds", "evaluation" })
        {
            var job = Assert.Single(docs.OfKind("Job"), j => j.Name() == $"union-{name}-migrate");
            Assert.Equal("pre-install,pre-upgrade", (string)job["metadata"]!["annotations"]!["helm.sh/hook"]!);
            var container = job["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!;
            Assert.Equal(["--migrate"], container["args"]!.AsArray().Select(a => (string)a!));
            var deployment = docs.OfKind("Deployment").Single(d => d.Name() == $"union-{name}");
            Assert.Equal((string)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!, (string)container["image"]!);
            // Hooks run before the release's objects exist: the Job's ConfigMap is a hook too, and earlier.
            var configMapName = (string)container["envFrom"]![0]!["configMapRef"]!["name"]!;
            var configMap = Assert.Single(docs.OfKind("ConfigMap"), c => c.Name() == configMapName);
            Assert.Equal("pre-install,pre-upgrade", (string)configMap["metadata"]!["annotations"]!["helm.sh/hook"]!);
            Assert.True(int.Parse((string)configMap["metadata"]!["annotations"]!["helm.sh/hook-weight"]!)
                        < int.Parse((string)job["metadata"]!["annotations"]!["helm.sh/hook-weight"]!));
        }
        Assert.DoesNotContain(docs.OfKind("Job"), j => j.Name().StartsWith("union-gateway", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Services_accept_only_the_suite_and_the_gateway_only_the_ingress(string file)
    {
        foreach (var policy in Charts.Manifests(file).OfKind("NetworkPolicy"))
        {
            var first = policy["spec"]!["ingress"]![0]!["from"]![0]!.AsObject();
            if (policy.Name() == "union-gateway")
                Assert.Equal("ingress-nginx", (string)first["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"]!);
            else
                Assert.Equal("union", (string)first["podSelector"]!["matchLabels"]!["app.kubernetes.io/part-of"]!);
        }
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void No_secret_value_is_in_the_chart(string file)
    {
        var docs = Charts.Manifests(file);
        Assert.Empty(docs.OfKind("Secret"));
        foreach (var deployment in docs.OfKind("Deployment"))
        {
            var env = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]?.AsArray() ?? [];
            foreach (var variable in env.Select(e => e!.AsObject()))
                Assert.True(variable["valueFrom"]?["secretKeyRef"] is JsonObject, $"{deployment.Name()}: {variable["name"]} is not a Secret reference");
        }
    }
}
