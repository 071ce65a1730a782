using System.Diagnostics;
using Union.YearWalk;

// make run's demo year (scripts/run.sh starts it once the gateway is ready): the assistance year of
// docs/annual-cycle.md walked through the gateway up to step 5 (households paid) by the demo cast
// (德阳 with 旌阳区, and 南充), so a newcomer finds every service with live data. The walk moves the
// development clock (one port for the embedded suite, all four for separate processes) and puts it
// back where it found it, plus the time the walk took. A year already walked is left alone (.run/
// keeps the SQLite files across restarts); a walk that was stopped half-way is reported, not repeated.
//   dotnet Union.DemoYear.dll [--gateway http://127.0.0.1:8080] [--clock-ports 7201[,7202,...]]
string Option(string name, string fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;

var gateway = new Uri(Option("--gateway", "http://127.0.0.1:8080"));
var ports = Option("--clock-ports", "7201").Split(',').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
var clock = new HttpYearClock(ports);
var found = await clock.NowAsync();
var year = DemoYear.For(DateOnly.FromDateTime(found.DateTime));
var cast = YearCast.Demo;
var walk = new AssistanceYear(cast, year, gateway, clock);

switch (await walk.ProgressAsync())
{
    case YearProgress.HouseholdsPaid:
        Console.WriteLine($"The demo year {year} is already seeded ({cast.City.Name} {cast.City.Path}).");
        return 0;
    case YearProgress.Partial:
        Console.Error.WriteLine($"The demo year {year} was seeded only in part (stopped half-way?); `make clean` or deleting .run/ starts afresh.");
        return 1;
}

Console.WriteLine($"Seeding the demo year {year}: docs/annual-cycle.md steps 0–5 by {cast.City.Name} ({cast.City.Path}) with {cast.County.Name} ({cast.County.Path}) and {cast.OtherCity.Name} ({cast.OtherCity.Path}); the clock moves meanwhile.");
var took = Stopwatch.StartNew();
try
{
    await walk.ToHouseholdsPaidAsync();
}
catch (Exception e) when (e is WalkCheckFailed or HttpRequestException or TaskCanceledException or InvalidOperationException)
{
    // The services' side of it is in their log; here, what the walk expected and got.
    Console.Error.WriteLine($"The demo year {year} was not seeded: {e.Message}");
    return 1;
}
finally
{
    await clock.SetAsync(found + took.Elapsed);
}
Console.WriteLine($"""
    The demo year {year} is seeded in {took.Elapsed.TotalSeconds:0} s: the province's round, {cast.City.Name}'s and {cast.OtherCity.Name}'s projects
    reviewed, launched, adjusted and accepted with their tranches released, {year}'s central money allocated,
    and two households of {cast.County.Name} archived and paid (one grant failed at the bank and re-issued). For example:
      curl -s "http://127.0.0.1:8080/v1/fund-reports/expenditure?fiscalYear={year}" -H "authorization: Bearer $(make -s token ORG={cast.County.Path} ROLE=finance)"
      curl -s "http://127.0.0.1:8080/v1/projects?year={year}" -H "authorization: Bearer $(make -s token ORG=51 ROLE=caseworker)"
    """);
return 0;
