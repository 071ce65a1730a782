namespace Union.YearWalk;

/// <summary>An organisation of the walk: its path and its name as its documents write it (成都市, 锦江区).</summary>
public sealed record Organisation(string Path, string Name)
{
    /// <summary>The place without its level, as an employer's name writes it (成都).</summary>
    public string Place => Name.TrimEnd('市', '区', '县');

    /// <summary>The first character, as document numbers abbreviate the issuer (成工财, 成府发).</summary>
    public string Initial => Name[..1];

    /// <summary>The county code the ID numbers of the organisation's households begin with (GB 11643's region).</summary>
    public string Region => Path.Split('/')[^1];
}

/// <summary>
/// Who walks the year under the province (51): a city that applies for two projects and whose county
/// archives and pays households, and a second city that applies late and is graded lower.
/// </summary>
public sealed record YearCast(Organisation City, Organisation County, Organisation OtherCity)
{
    /// <summary>docs/annual-cycle.md's cast: 成都 with 锦江区, and 绵阳.</summary>
    public static YearCast Documented { get; } = new(new("51/5101", "成都市"), new("51/5101/510104", "锦江区"), new("51/5107", "绵阳市"));

    /// <summary>
    /// make run's demo year: 德阳 with 旌阳区, and 南充. Cities the per-service demo data (Seed/DemoData.cs:
    /// 成都 and 宜宾) does not use, so the two seedings never meet: no account, evaluation, allowance
    /// standard, round or report of one is counted by the other, and the households' ID numbers begin
    /// with 旌阳区's code, which no demo file has.
    /// </summary>
    public static YearCast Demo { get; } = new(new("51/5106", "德阳市"), new("51/5106/510603", "旌阳区"), new("51/5113", "南充市"));

    public IEnumerable<Organisation> Cities => [City, OtherCity];
}
