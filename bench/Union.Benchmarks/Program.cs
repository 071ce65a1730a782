using BenchmarkDotNet.Running;

namespace Union.Benchmarks;

/// <summary>Runs the benchmarks the command line picks: <c>--filter '*'</c>, <c>--list flat</c>, <c>--job short</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
