using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Union.Archives.Exchange;
using Union.Contracts.Archives.V1;
using Union.Shared.Validation;
using Union.Testing;
using L = Union.Archives.Exchange.WorkbookLayout;

namespace Union.Archives.Tests;

/// <summary>Workbooks in the import layout, built in the test with MiniExcel.</summary>
public static class ExchangeWorkbook
{
    public static Dictionary<string, object?> Head(string key, string? idNumber = null, string name = "张德明") => new()
    {
        [L.Sequence] = null,
        [L.HouseholdKey] = key,
        [L.Organisation] = "",
        [L.Name] = name,
        [L.Relation] = L.HeadRelation,
        [L.IdNumber] = idNumber ?? Households.NewIdNumber(),
        [L.Phone] = "13990003333",
        [L.Employer] = "宜宾某纸业公司",
        [L.Health] = "慢性病",
        [L.Disabled] = "否",
        [L.Schooling] = "",
        [L.Employment] = "就业",
        [L.MonthlyIncome] = 1800m,
        [L.IncomePerPerson] = 450m,
        [L.Allowance] = 659m,
        [L.Causes] = "因病、因学",
        [L.MigrantWorker] = "是",
        [L.BankCard] = NewBankCard(),
    };

    public static Dictionary<string, object?> Member(string key, string relation = "子女", string? idNumber = null, string name = "张小明") => new()
    {
        [L.Sequence] = null,
        [L.HouseholdKey] = key,
        [L.Organisation] = "",
        [L.Name] = name,
        [L.Relation] = relation,
        [L.IdNumber] = idNumber ?? Households.NewIdNumber(),
        [L.Phone] = "",
        [L.Employer] = "",
        [L.Health] = "健康",
        [L.Disabled] = "否",
        [L.Schooling] = "义务教育",
        [L.Employment] = "在校学生",
        [L.MonthlyIncome] = 0m,
        [L.IncomePerPerson] = "",
        [L.Allowance] = "",
        [L.Causes] = "",
        [L.MigrantWorker] = "",
        [L.BankCard] = "",
    };

    /// <summary>The rows under a header row (spreadsheet row 1), numbered from 1 in the "序号" column.</summary>
    public static byte[] Build(IEnumerable<Dictionary<string, object?>> rows)
    {
        var list = rows.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].TryGetValue(L.Sequence, out var sequence) && sequence is null) list[i][L.Sequence] = i + 1;
        }
        using var stream = new MemoryStream();
        stream.SaveAs(list, sheetName: L.SheetName);
        return stream.ToArray();
    }

    /// <summary>A valid bank card number (Luhn check digit computed).</summary>
    public static string NewBankCard()
    {
        var body = "622202" + string.Concat(Enumerable.Range(0, 12).Select(_ => Random.Shared.Next(0, 10)));
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return body + (char)('0' + (10 - sum % 10) % 10);
    }

    /// <summary>Every cell of the first sheet as text, header row first.</summary>
    public static List<Dictionary<string, string>> ReadBack(ByteString workbook)
    {
        using var stream = new MemoryStream(workbook.ToByteArray());
        return stream.Query(useHeaderRow: true)
            .Cast<IDictionary<string, object?>>()
            .Select(r => r.ToDictionary(c => c.Key, c => Cells.Text(c.Value)))
            .ToList();
    }
}

/// <summary>Spreadsheet import (ArchiveExchange.ImportHouseholds): all or nothing, every rejected row reported.</summary>
public class ExchangeImportTests(SqliteArchives host) : IClassFixture<SqliteArchives>, IAsyncLifetime
{
    private const string CountyA = "51/5115/511502";
    private const string CountyB = "51/5115/511503";
    private const string Grassroots = "51/5115/511502/0001";

    private ArchiveExchange.ArchiveExchangeClient Exchange(string org, string role = "caseworker") => new(host.As(org, role));

    private HouseholdArchives.HouseholdArchivesClient Archives(string org) => new(host.As(org, "caseworker"));

    public Task InitializeAsync() => host.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Task<ImportHouseholdsResponse> ImportAsync(string org, IEnumerable<Dictionary<string, object?>> rows, string organisationPath = "") =>
        Exchange(org).ImportHouseholdsAsync(new ImportHouseholdsRequest
        {
            Workbook = ByteString.CopyFrom(ExchangeWorkbook.Build(rows)),
            OrganisationPath = organisationPath,
        }).ResponseAsync;

    /// <summary>Three households: a head with spouse and child, a head alone, a head with a parent.</summary>
    private static List<Dictionary<string, object?>> ThreeHouseholds() =>
    [
        ExchangeWorkbook.Head("1", name: "张德明"),
        ExchangeWorkbook.Member("1", "配偶", name: "李秀英"),
        ExchangeWorkbook.Member("1", "子女", name: "张小明"),
        ExchangeWorkbook.Head("2", name: "王建国"),
        ExchangeWorkbook.Head("3", name: "赵春华"),
        ExchangeWorkbook.Member("3", "父母", name: "赵老根"),
    ];

    [Fact]
    public async Task A_valid_workbook_of_three_households_imports_all_as_drafts_with_their_members()
    {
        var rows = ThreeHouseholds();
        rows[0][L.IncomePerPerson] = "450.50";

        var response = await ImportAsync(CountyA, rows);

        Assert.True(response.Imported, string.Join("; ", response.Rejected.Select(r => $"{r.Row} {r.Column} {r.Reason}")));
        Assert.Empty(response.Rejected);
        Assert.Equal(3, response.Households);
        Assert.Equal(6, response.Rows);
        Assert.Equal(3, response.HouseholdIds.Count);

        var files = new List<Household>();
        foreach (var id in response.HouseholdIds) files.Add(await Archives(CountyA).GetHouseholdAsync(new GetHouseholdRequest { HouseholdId = id }));
        var first = files.Single(f => f.HeadName == "张德明");
        Assert.Equal(ArchiveStatus.Draft, first.Status);
        Assert.Equal(Channel.GrassrootsVisit, first.Channel);
        Assert.Equal(CountyA, first.Owner.Path);
        Assert.Equal(45_050, first.MonthlyIncomePerPerson.Fen);
        Assert.Equal(65_900, first.LocalMonthlyAllowance.Fen);
        Assert.Equal([HardshipCause.Illness, HardshipCause.Education], first.Causes);
        Assert.True(first.MigrantWorker);
        Assert.Equal("139****3333", first.HeadPhoneMasked);
        var idNumber = (string)rows[0][L.IdNumber]!;
        Assert.Equal(idNumber[..4] + "**********" + idNumber[^4..], first.HeadIdNumberMasked);
        Assert.Equal(((string)rows[0][L.BankCard]!)[^4..], first.BankCardMasked[^4..]);
        Assert.Equal(new HashSet<string> { "李秀英", "张小明" }, first.Members.Select(m => m.Name).ToHashSet());
        var child = first.Members.Single(m => m.Name == "张小明");
        Assert.Equal(Relation.Child, child.Relation);
        Assert.Equal(Health.Healthy, child.Health);
        Assert.Equal(Schooling.Compulsory, child.Schooling);
        Assert.Equal(Employment.Student, child.Employment);
        Assert.Empty(files.Single(f => f.HeadName == "王建国").Members);
        Assert.Equal(Relation.Parent, Assert.Single(files.Single(f => f.HeadName == "赵春华").Members).Relation);

        var (identities, events) = await host.WithDatabaseAsync(async db => (
            await db.Set<Domain.OpenIdentity>().CountAsync(),
            await db.OutboxMessages.CountAsync(m => m.EventType == "union.events.v1.HouseholdRegistered")));
        // Imported files are drafts: they hold their people only once submitted.
        Assert.Equal(0, identities);
        Assert.Equal(3, events);
    }

    [Fact]
    public async Task One_bad_row_among_good_ones_imports_nothing_and_reports_exactly_that_row()
    {
        var rows = ThreeHouseholds();
        var id = (string)rows[2][L.IdNumber]!;
        rows[2][L.IdNumber] = id[..17] + (id[17] == '0' ? '1' : '0'); // spreadsheet row 4: wrong check character
        var before = await host.RowCountsAsync();

        var response = await ImportAsync(CountyA, rows);

        Assert.False(response.Imported);
        Assert.Empty(response.HouseholdIds);
        var rejected = Assert.Single(response.Rejected);
        Assert.Equal(4, rejected.Row);
        Assert.Equal("身份证号码", rejected.Column);
        Assert.Equal("INVALID_ID_NUMBER", rejected.Code);
        Assert.Equal(ChineseIdNumber.Describe(ChineseIdNumber.Problem.Checksum), rejected.Reason);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task Several_different_bad_rows_are_each_reported_with_row_column_and_code()
    {
        var outsider = "51/5101/510104";
        var repeated = Households.NewIdNumber();
        List<Dictionary<string, object?>> rows =
        [
            ExchangeWorkbook.Head("1"),                                  // row 2: fine
            ExchangeWorkbook.Member("1", "表亲"),                        // row 3: unknown relation
            ExchangeWorkbook.Head("2"),                                  // row 4: phone
            ExchangeWorkbook.Head("3"),                                  // row 5: 12.345 yuan
            ExchangeWorkbook.Head("4"),                                  // row 6: bank card Luhn
            ExchangeWorkbook.Head("4"),                                  // row 7: a second head
            ExchangeWorkbook.Member("5", "配偶"),                        // row 8: a household without head
            ExchangeWorkbook.Head("6", idNumber: repeated),              // row 9: fine
            ExchangeWorkbook.Member("6", "子女", idNumber: repeated),    // row 10: the same person again
            ExchangeWorkbook.Head("7"),                                  // row 11: organisation outside the subtree
            ExchangeWorkbook.Member("7", "配偶"),                        // row 12: head-only column on a member
            ExchangeWorkbook.Member("7", "子女"),                        // row 13: health missing
        ];
        rows[2][L.Phone] = "2399000333";
        rows[3][L.Allowance] = "12.345";
        var card = (string)rows[4][L.BankCard]!;
        rows[4][L.BankCard] = card[..^1] + (card[^1] == '0' ? '1' : '0');
        rows[9][L.Organisation] = outsider;
        rows[10][L.Phone] = "13990001111";
        rows[11][L.Health] = "";
        var before = await host.RowCountsAsync();

        var response = await ImportAsync(CountyA, rows);

        Assert.False(response.Imported);
        Assert.Equal(
        [
            (3, "与户主关系", "UNKNOWN_VALUE"),
            (4, "手机号码", "INVALID_PHONE"),
            (5, "当地低保标准（元/月）", "TOO_MANY_DECIMALS"),
            (6, "银行卡号", "INVALID_BANK_CARD"),
            (7, "与户主关系", "SEVERAL_HEADS"),
            (8, "与户主关系", "NO_HEAD"),
            (10, "身份证号码", "DUPLICATE_ID_NUMBER"),
            (11, "所属工会", "ORGANISATION_NOT_FOUND"),
            (12, "手机号码", "HEAD_ONLY"),
            (13, "健康状况", "REQUIRED"),
        ], response.Rejected.Select(r => (r.Row, r.Column, r.Code)));
        Assert.Contains("第9行", response.Rejected.Single(r => r.Row == 10).Reason);
        Assert.All(response.Rejected, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
        Assert.Equal(12, response.Rows);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    public static TheoryData<object, long> ExactAmounts => new()
    {
        // Text cells and number cells; 0.29, 1.15, 4.35 and 8.2 are the amounts a double times 100 gets wrong.
        { "1234.56", 123_456 },
        { 1234.56d, 123_456 },
        { 0.29d, 29 },
        { 1.15d, 115 },
        { 4.35d, 435 },
        { 8.2d, 820 },
        { "0.1", 10 },
        { "659", 65_900 },
        { "12.30", 1_230 },
        { "12.340", 1_234 },
        { "800元", 80_000 },
        { 99_999_999.99d, 9_999_999_999 },
        { "0", 0 },
    };

    [Theory]
    [MemberData(nameof(ExactAmounts))]
    public void Yuan_convert_exactly_to_fen(object cell, long fen)
    {
        Assert.Null(Cells.TryFen(cell, out var converted));
        Assert.Equal(fen, converted);
    }

    [Theory]
    [InlineData("12.345", "TOO_MANY_DECIMALS")]
    [InlineData(12.345d, "TOO_MANY_DECIMALS")]
    [InlineData("0.001", "TOO_MANY_DECIMALS")]
    [InlineData("-5", "NEGATIVE_AMOUNT")]
    [InlineData("一千", "INVALID_AMOUNT")]
    [InlineData("1,000", "INVALID_AMOUNT")]
    [InlineData("1e3", "INVALID_AMOUNT")]
    [InlineData("20000000000", "AMOUNT_TOO_LARGE")]
    public void Amounts_with_more_than_two_decimals_or_not_numbers_are_refused(object cell, string code)
    {
        Assert.Equal(code, Cells.TryFen(cell, out _)?.Code);
    }

    [Fact]
    public async Task Amounts_typed_as_numbers_arrive_in_fen_exactly()
    {
        var rows = ThreeHouseholds();
        rows[3][L.IncomePerPerson] = 4.35m;   // a number cell
        rows[3][L.Allowance] = "1.15";         // a text cell

        var response = await ImportAsync(CountyA, rows);

        Assert.True(response.Imported);
        var wang = await host.WithDatabaseAsync(db => db.Set<Domain.Household>().SingleAsync(h => h.HeadName == "王建国"));
        Assert.Equal(435, wang.MonthlyIncomePerPersonFen);
        Assert.Equal(115, wang.LocalMonthlyAllowanceFen);
    }

    [Fact]
    public async Task An_id_number_already_in_an_open_file_is_rejected_naming_neither_the_file_nor_the_person()
    {
        var onFile = Households.NewIdNumber();
        var existing = await Archives(CountyB).CreateHouseholdAsync(Households.Valid(onFile));
        await host.SubmitAsync(CountyB, existing.HouseholdId);
        var rows = ThreeHouseholds();
        rows[5][L.IdNumber] = onFile; // row 7: the parent is the head of a file in the neighbouring county
        var before = await host.RowCountsAsync();

        var response = await ImportAsync(CountyA, rows);

        Assert.False(response.Imported);
        var rejected = Assert.Single(response.Rejected);
        Assert.Equal((7, "身份证号码", "ID_NUMBER_ALREADY_ARCHIVED"), (rejected.Row, rejected.Column, rejected.Code));
        Assert.DoesNotContain(existing.HouseholdId, rejected.Reason);
        Assert.DoesNotContain(CountyB, rejected.Reason);
        Assert.DoesNotContain(onFile, rejected.Reason);
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task A_person_archived_again_after_the_file_closed_is_accepted()
    {
        var id = Households.NewIdNumber();
        var first = await ImportAsync(CountyA, [ExchangeWorkbook.Head("1", idNumber: id)]);
        Assert.True(first.Imported);
        // The file closes (exit): its people are free again.
        await host.WithDatabaseAsync(async db =>
        {
            await db.Set<Domain.OpenIdentity>().Where(o => o.HouseholdId == Guid.Parse(first.HouseholdIds[0])).ExecuteDeleteAsync();
        });

        var again = await ImportAsync(CountyA, [ExchangeWorkbook.Head("1", idNumber: id)]);

        Assert.True(again.Imported);
    }

    [Fact]
    public async Task The_organisation_column_places_a_household_in_the_subtree_and_the_request_names_the_default()
    {
        var rows = ThreeHouseholds();
        rows[0][L.Organisation] = Grassroots;
        rows[1][L.Organisation] = Grassroots;

        var response = await ImportAsync("51/5115", rows, organisationPath: CountyA);

        Assert.True(response.Imported);
        var owners = await host.WithDatabaseAsync(db => db.Set<Domain.Household>().ToDictionaryAsync(h => h.HeadName, h => h.OrganisationPath));
        Assert.Equal(Grassroots, owners["张德明"]);
        Assert.Equal(CountyA, owners["王建国"]);
        Assert.Equal(CountyA, owners["赵春华"]);
    }

    [Fact]
    public async Task A_request_organisation_outside_the_callers_subtree_is_not_found()
    {
        var e = await RpcAssert.Fails(StatusCode.NotFound, () => ImportAsync(CountyA, ThreeHouseholds(), organisationPath: CountyB));
        Assert.Equal("ORGANISATION_NOT_FOUND", e.Code());
    }

    [Fact]
    public async Task Headers_may_sit_below_a_title_row_in_any_order_with_half_width_brackets()
    {
        var head = ExchangeWorkbook.Head("1");
        var reordered = head.Reverse().ToDictionary(kv => kv.Key.Replace('（', '(').Replace('）', ')'), kv => kv.Value);
        using var stream = new MemoryStream();
        // Row 1 a title, row 2 the headers, row 3 the data.
        var sheet = new List<Dictionary<string, object?>>
        {
            reordered.Keys.ToDictionary(k => k, k => (object?)(k == reordered.Keys.First() ? "某县困难职工档案导入表" : null)),
            reordered.Keys.ToDictionary(k => k, k => (object?)k),
            reordered,
        };
        stream.SaveAs(sheet, printHeader: false);

        var response = await Exchange(CountyA).ImportHouseholdsAsync(new ImportHouseholdsRequest { Workbook = ByteString.CopyFrom(stream.ToArray()) });

        Assert.True(response.Imported, string.Join("; ", response.Rejected.Select(r => $"{r.Row} {r.Column} {r.Reason}")));
        Assert.Equal(1, response.Households);
    }

    [Fact]
    public async Task An_id_number_typed_as_a_number_is_rejected_as_lost_digits()
    {
        var rows = ThreeHouseholds();
        // As Excel keeps a number typed into the cell (a check character X cannot be typed as one).
        rows[1][L.IdNumber] = decimal.Parse(((string)rows[1][L.IdNumber]!)[..17] + "0", System.Globalization.CultureInfo.InvariantCulture);

        var response = await ImportAsync(CountyA, rows);

        Assert.Equal((3, "身份证号码", "ID_NUMBER_NOT_TEXT"), Assert.Single(response.Rejected.Select(r => (r.Row, r.Column, r.Code))));
    }

    [Fact]
    public async Task A_workbook_over_five_mebibytes_is_invalid_argument_on_workbook()
    {
        var before = await host.RowCountsAsync();
        var e = await RpcAssert.InvalidArgument(() => Exchange(CountyA).ImportHouseholdsAsync(new ImportHouseholdsRequest
        {
            Workbook = ByteString.CopyFrom(new byte[L.MaxWorkbookBytes + 1]),
        }).ResponseAsync, "workbook");

        Assert.Contains("WORKBOOK_TOO_LARGE", e.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Reason));
        Assert.Equal(before, await host.RowCountsAsync());
    }

    [Fact]
    public async Task More_than_five_thousand_rows_are_invalid_argument_on_workbook()
    {
        var rows = Enumerable.Range(1, L.MaxDataRows + 1).Select(i => ExchangeWorkbook.Head(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var e = await RpcAssert.InvalidArgument(() => ImportAsync(CountyA, rows), "workbook");

        Assert.Equal("TOO_MANY_ROWS", e.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Single().Reason);
        Assert.Equal(0, await host.WithDatabaseAsync(db => db.Set<Domain.Household>().CountAsync()));
    }

    public static TheoryData<string, byte[]> UnreadableWorkbooks => new()
    {
        { "UNREADABLE_WORKBOOK", "序号,户编号,姓名\n1,1,张三\n"u8.ToArray() },
        { "UNREADABLE_WORKBOOK", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x01] },
        { "MISSING_COLUMNS", ExchangeWorkbook.Build(new[] { ExchangeWorkbook.Head("1") }
            .Select(r => r.Where(kv => kv.Key != L.Causes).ToDictionary(kv => kv.Key, kv => kv.Value))) },
        { "HEADER_NOT_FOUND", ExchangeWorkbook.Build([new Dictionary<string, object?> { ["名称"] = "x" }]) },
    };

    [Theory]
    [MemberData(nameof(UnreadableWorkbooks))]
    public async Task A_file_that_is_not_a_workbook_in_the_layout_is_invalid_argument_on_workbook(string code, byte[] workbook)
    {
        var e = await RpcAssert.InvalidArgument(() => Exchange(CountyA).ImportHouseholdsAsync(new ImportHouseholdsRequest
        {
            Workbook = ByteString.CopyFrom(workbook),
        }).ResponseAsync, "workbook");

        Assert.Equal(code, e.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Single().Reason);
    }

    [Theory]
    [InlineData("approver")]
    [InlineData("finance")]
    [InlineData("worker")]
    public async Task Only_caseworkers_and_reviewers_may_import(string role)
    {
        var e = await RpcAssert.Fails(StatusCode.PermissionDenied, () => Exchange(CountyA, role).ImportHouseholdsAsync(new ImportHouseholdsRequest
        {
            Workbook = ByteString.CopyFrom(ExchangeWorkbook.Build(ThreeHouseholds())),
        }).ResponseAsync);

        Assert.Equal("ROLE_REQUIRED", e.Code());
    }

    [Fact]
    public async Task A_reviewer_may_import()
    {
        var response = await Exchange(CountyA, "reviewer").ImportHouseholdsAsync(new ImportHouseholdsRequest
        {
            Workbook = ByteString.CopyFrom(ExchangeWorkbook.Build(ThreeHouseholds())),
        });

        Assert.True(response.Imported);
    }
}
