using Union.Archives.Domain;
using Union.Shared.Tenancy;
using Union.Shared.Validation;
using L = Union.Archives.Exchange.WorkbookLayout;

namespace Union.Archives.Exchange;

/// <summary>One rejected cell of the workbook, as the response reports it.</summary>
public sealed record RowProblem(int Row, string Column, string Code, string Reason);

/// <summary>One person's row, read and checked. Household fields are set on the head's row only.</summary>
public sealed class ImportPerson
{
    public int Row { get; init; }
    public string HouseholdKey { get; init; } = string.Empty;
    public string? OrganisationPath { get; init; }
    public string Name { get; init; } = string.Empty;
    public bool IsHead { get; init; }
    public Relation Relation { get; init; }
    /// <summary>The normalised 18-character number, or empty when the cell was rejected.</summary>
    public string IdNumber { get; init; } = string.Empty;
    public DateOnly BirthDate { get; init; }
    public MemberHealth Health { get; init; }
    public bool Disabled { get; init; }
    public Schooling Schooling { get; init; }
    public Employment Employment { get; init; }
    public long MonthlyIncomeFen { get; init; }
    public string? Phone { get; init; }
    public string Employer { get; init; } = string.Empty;
    public long IncomePerPersonFen { get; init; }
    public long AllowanceFen { get; init; }
    public IReadOnlyList<HardshipCause> Causes { get; init; } = [];
    public bool MigrantWorker { get; init; }
    public string? BankCard { get; init; }
}

/// <summary>A household of the workbook: its head, its other members and the organisation it belongs to.</summary>
public sealed record ImportHousehold(string Key, string OrganisationPath, ImportPerson Head, IReadOnlyList<ImportPerson> Members);

/// <summary>What a workbook would import, and every problem found in it.</summary>
public sealed class ImportPlan
{
    private readonly List<RowProblem> _problems = [];

    public int Rows { get; init; }
    public IReadOnlyList<ImportPerson> People { get; init; } = [];
    /// <summary>The households found (each with its head); rows that fit in none are only in <see cref="Problems"/>.</summary>
    public IReadOnlyList<ImportHousehold> Households { get; internal set; } = [];

    /// <summary>Every problem, by row and then in the order of the layout's columns.</summary>
    public IReadOnlyList<RowProblem> Problems => _problems
        .OrderBy(p => p.Row)
        .ThenBy(p => L.Columns.ToList().IndexOf(p.Column))
        .ToList();

    public bool HasProblems => _problems.Count > 0;

    public void Reject(int row, string column, string code, string reason) => _problems.Add(new RowProblem(row, column, code, reason));

    internal void Reject(int row, string column, CellProblem problem) => Reject(row, column, problem.Code, problem.Reason);
}

/// <summary>
/// Reads the rows of an import workbook into households, checking each row as CreateHousehold
/// checks a request (GB 11643 ID numbers, Luhn, phones, enums, lengths, money in fen) and the
/// workbook as a whole (exactly one 户主 per household, no person twice, organisations within the
/// caller's subtree). Whether a person is already in an open file is the caller's to add.
/// </summary>
public static class HouseholdImport
{
    public const int MaxNameLength = 50;
    public const int MaxEmployerLength = 100;
    public const int MaxHouseholdKeyLength = 50;

    /// <param name="rows">The workbook's rows.</param>
    /// <param name="callerOrganisation">The caller's own organisation: a row may name only organisations within it.</param>
    /// <param name="defaultOrganisation">The owner of households whose head's row names none.</param>
    /// <param name="today">The Beijing date, for birth dates in ID numbers.</param>
    public static ImportPlan Plan(IReadOnlyList<SheetRow> rows, string callerOrganisation, string defaultOrganisation, DateOnly today)
    {
        var people = new List<ImportPerson>();
        var plan = new ImportPlan { Rows = rows.Count, People = people };
        foreach (var row in rows)
        {
            if (ReadRow(row, callerOrganisation, today, plan) is { } person) people.Add(person);
        }
        RejectRepeatedPeople(people, plan);
        plan.Households = Group(people, defaultOrganisation, plan);
        return plan;
    }

    /// <summary>Reads one row; returns null only when the row cannot be placed in a household at all.</summary>
    private static ImportPerson? ReadRow(SheetRow row, string callerOrganisation, DateOnly today, ImportPlan plan)
    {
        var n = row.Number;
        void Reject(string column, string code, string reason) => plan.Reject(n, column, code, reason);

        Cells.TryDigits(row[L.HouseholdKey], out var key);
        if (key.Length == 0) Reject(L.HouseholdKey, "REQUIRED", "必填项：同一户的各行填写相同的户编号");
        else if (key.Length > MaxHouseholdKeyLength) Reject(L.HouseholdKey, "TOO_LONG", $"长度不能超过{MaxHouseholdKeyLength}个字符");

        string? organisation = null;
        var orgText = Cells.Text(row[L.Organisation]);
        if (orgText.Length > 0)
        {
            if (!OrganisationPath.IsValid(orgText))
                Reject(L.Organisation, "INVALID_ORGANISATION_PATH", "组织路径格式无效，例如 51/5115/511502");
            else if (!OrganisationPath.Covers(callerOrganisation, orgText))
                Reject(L.Organisation, "ORGANISATION_NOT_FOUND", "未找到该组织，或不在您的管辖范围内");
            else
                organisation = orgText;
        }

        var name = Cells.Text(row[L.Name]);
        if (name.Length == 0) Reject(L.Name, "REQUIRED", "必填项");
        else if (name.Length > MaxNameLength) Reject(L.Name, "TOO_LONG", $"长度不能超过{MaxNameLength}个字符");

        var relationText = Cells.Text(row[L.Relation]);
        var isHead = L.NormaliseHeader(relationText) == L.HeadRelation;
        var relation = default(Relation);
        if (relationText.Length == 0) Reject(L.Relation, "REQUIRED", $"必填项：{L.HeadRelation}、{L.Relations.Accepted}");
        else if (!isHead && !L.Relations.TryParse(relationText, out relation))
            Reject(L.Relation, "UNKNOWN_VALUE", $"应填写：{L.HeadRelation}、{L.Relations.Accepted}");

        var idNumber = string.Empty;
        var birthDate = default(DateOnly);
        if (!Cells.TryDigits(row[L.IdNumber], out var idText))
        {
            Reject(L.IdNumber, "ID_NUMBER_NOT_TEXT", "身份证号码须按文本填写：数字格式的单元格已丢失后几位");
        }
        else
        {
            var problem = ChineseIdNumber.TryNormalise(idText, out var normalised, today);
            if (problem == ChineseIdNumber.Problem.None)
            {
                idNumber = normalised;
                birthDate = ChineseIdNumber.BirthDate(normalised);
            }
            else
            {
                Reject(L.IdNumber, problem == ChineseIdNumber.Problem.Empty ? "REQUIRED" : "INVALID_ID_NUMBER", ChineseIdNumber.Describe(problem));
            }
        }

        // The person's own circumstances: required for members, checked if given on the head's row
        // (the file keeps the head's identity, contact and the household's income, not these).
        var health = Enum(row, L.Health, L.Healths, required: !isHead, Reject);
        var schooling = Enum(row, L.Schooling, L.Schoolings, required: !isHead, Reject);
        var employment = Enum(row, L.Employment, L.Employments, required: !isHead, Reject);
        if (Cells.TryYesNo(row[L.Disabled], out var disabled) is { } disabledProblem) Reject(L.Disabled, disabledProblem.Code, disabledProblem.Reason);
        long income = 0;
        if (row.Has(L.MonthlyIncome) && Cells.TryFen(row[L.MonthlyIncome], out income) is { } incomeProblem)
            Reject(L.MonthlyIncome, incomeProblem.Code, incomeProblem.Reason);

        if (!isHead)
        {
            // What describes the whole household is written once, on the head's row.
            foreach (var column in L.HeadOnlyColumns.Where(row.Has).OrderBy(c => L.Columns.ToList().IndexOf(c)))
                Reject(column, "HEAD_ONLY", "该列只在户主行填写");
            return key.Length is > 0 and <= MaxHouseholdKeyLength
                ? new ImportPerson
                {
                    Row = n, HouseholdKey = key, OrganisationPath = organisation, Name = name, Relation = relation,
                    IdNumber = idNumber, BirthDate = birthDate, Health = health, Disabled = disabled,
                    Schooling = schooling, Employment = employment, MonthlyIncomeFen = income,
                }
                : null;
        }

        string? phone = null;
        var phoneText = Cells.TryDigits(row[L.Phone], out var p) ? p : string.Empty;
        if (phoneText.Length > 0)
        {
            if (phoneText.Length == 11 && phoneText[0] == '1' && phoneText.All(char.IsAsciiDigit)) phone = phoneText;
            else Reject(L.Phone, "INVALID_PHONE", "手机号码应为以1开头的11位数字");
        }

        var employer = Cells.Text(row[L.Employer]);
        if (employer.Length == 0) Reject(L.Employer, "REQUIRED", "必填项");
        else if (employer.Length > MaxEmployerLength) Reject(L.Employer, "TOO_LONG", $"长度不能超过{MaxEmployerLength}个字符");

        var perPerson = Money(row, L.IncomePerPerson, Reject);
        var allowance = Money(row, L.Allowance, Reject);

        var causes = new List<HardshipCause>();
        var causeWords = Cells.Text(row[L.Causes]).Split(L.CauseSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (causeWords.Length == 0) Reject(L.Causes, "REQUIRED", $"至少填写一项，多项以“、”分隔：{L.HardshipCauses.Accepted}");
        foreach (var word in causeWords)
        {
            if (L.HardshipCauses.TryParse(word, out var cause)) causes.Add(cause);
            else Reject(L.Causes, "UNKNOWN_VALUE", $"无法识别的致困原因“{word}”，应为：{L.HardshipCauses.Accepted}");
        }

        if (Cells.TryYesNo(row[L.MigrantWorker], out var migrant) is { } migrantProblem) Reject(L.MigrantWorker, migrantProblem.Code, migrantProblem.Reason);

        string? card = null;
        if (row.Has(L.BankCard))
        {
            if (!Cells.TryDigits(row[L.BankCard], out var cardText))
                Reject(L.BankCard, "BANK_CARD_NOT_TEXT", "银行卡号须按文本填写：数字格式的单元格已丢失后几位");
            else if (!Union.Shared.Validation.BankCard.IsValid(cardText))
                Reject(L.BankCard, "INVALID_BANK_CARD", "银行卡号无效（长度或校验位不正确）");
            else
                card = Union.Shared.Validation.BankCard.Normalise(cardText);
        }

        return key.Length is > 0 and <= MaxHouseholdKeyLength
            ? new ImportPerson
            {
                Row = n, HouseholdKey = key, OrganisationPath = organisation, Name = name, IsHead = true,
                IdNumber = idNumber, BirthDate = birthDate, Health = health, Disabled = disabled,
                Schooling = schooling, Employment = employment, MonthlyIncomeFen = income,
                Phone = phone, Employer = employer, IncomePerPersonFen = perPerson, AllowanceFen = allowance,
                Causes = causes, MigrantWorker = migrant, BankCard = card,
            }
            : null;
    }

    private static T Enum<T>(SheetRow row, string column, Labels<T> labels, bool required, Action<string, string, string> reject)
        where T : struct, System.Enum
    {
        var text = Cells.Text(row[column]);
        if (text.Length == 0)
        {
            if (required) reject(column, "REQUIRED", $"必填项：{labels.Accepted}");
            return default;
        }
        if (labels.TryParse(text, out var value)) return value;
        reject(column, "UNKNOWN_VALUE", $"应填写：{labels.Accepted}");
        return default;
    }

    private static long Money(SheetRow row, string column, Action<string, string, string> reject)
    {
        if (!row.Has(column))
        {
            reject(column, "REQUIRED", "必填项（元，最多两位小数）");
            return 0;
        }
        if (Cells.TryFen(row[column], out var fen) is { } problem) reject(column, problem.Code, problem.Reason);
        return fen;
    }

    /// <summary>One person, one row: the second and later rows of the same ID number are rejected, naming the first.</summary>
    private static void RejectRepeatedPeople(List<ImportPerson> people, ImportPlan plan)
    {
        foreach (var group in people.Where(p => p.IdNumber.Length > 0).GroupBy(p => p.IdNumber, StringComparer.Ordinal))
        {
            var first = group.First();
            foreach (var repeat in group.Skip(1))
                plan.Reject(repeat.Row, L.IdNumber, "DUPLICATE_ID_NUMBER", $"与第{first.Row}行的身份证号码相同（同一人只能出现一次）");
        }
    }

    /// <summary>Groups the people into households and checks what only a whole household shows.</summary>
    private static List<ImportHousehold> Group(List<ImportPerson> people, string defaultOrganisation, ImportPlan plan)
    {
        var households = new List<ImportHousehold>();
        foreach (var group in people.GroupBy(p => p.HouseholdKey, StringComparer.Ordinal))
        {
            var rows = group.ToList();
            var heads = rows.Where(p => p.IsHead).ToList();
            if (heads.Count == 0)
            {
                foreach (var row in rows)
                    plan.Reject(row.Row, L.Relation, "NO_HEAD", $"户编号“{group.Key}”没有户主行（与户主关系填“{L.HeadRelation}”）");
                continue;
            }
            foreach (var extra in heads.Skip(1))
                plan.Reject(extra.Row, L.Relation, "SEVERAL_HEADS", $"户编号“{group.Key}”已在第{heads[0].Row}行有户主，每户只能有一位户主");
            var head = heads[0];
            var organisation = head.OrganisationPath ?? defaultOrganisation;
            var members = rows.Where(p => !p.IsHead).ToList();
            foreach (var member in members.Where(m => m.OrganisationPath is not null && m.OrganisationPath != organisation))
                plan.Reject(member.Row, L.Organisation, "ORGANISATION_MISMATCH", $"同一户各行的所属工会应相同（户主行为 {organisation}）");
            foreach (var member in members.Skip(Household.MaxMembers))
                plan.Reject(member.Row, L.HouseholdKey, "TOO_MANY_MEMBERS", $"一户除户主外最多{Household.MaxMembers}名家庭成员");
            households.Add(new ImportHousehold(group.Key, organisation, head, members));
        }
        return households;
    }
}
