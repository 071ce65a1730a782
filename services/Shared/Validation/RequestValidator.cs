using Google.Rpc;
using Union.Contracts.Common.V1;
using Union.Shared.Errors;
using Union.Shared.Tenancy;

namespace Union.Shared.Validation;

/// <summary>
/// Collects every problem of a request before anything is written, then answers them all at
/// once as INVALID_ARGUMENT field violations. Field names are the proto field names a client
/// sent, so a form can mark the right box. Reasons are stable codes.
/// </summary>
public sealed class RequestValidator
{
    private readonly List<BadRequest.Types.FieldViolation> _violations = [];

    public IReadOnlyList<BadRequest.Types.FieldViolation> Violations => _violations;

    public RequestValidator Add(string field, string reason, string description)
    {
        _violations.Add(new BadRequest.Types.FieldViolation { Field = field, Reason = reason, Description = description });
        return this;
    }

    public RequestValidator Check(bool ok, string field, string reason, string description) =>
        ok ? this : Add(field, reason, description);

    /// <summary>A "YYYY-MM-DD" calendar date (Beijing time): the date, or null with the violation added.</summary>
    public RequestValidator Date(string field, string? value, bool required, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(value)) return required ? Required(field, value) : this;
        date = DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var parsed) ? parsed : null;
        return Check(date is not null, field, "INVALID_DATE", "日期格式应为 YYYY-MM-DD");
    }

    public RequestValidator Required(string field, string? value) =>
        Check(!string.IsNullOrWhiteSpace(value), field, "REQUIRED", "必填项");

    public RequestValidator MaxLength(string field, string? value, int max) =>
        Check((value?.Length ?? 0) <= max, field, "TOO_LONG", $"长度不能超过{max}个字符");

    public RequestValidator RequiredText(string field, string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? Required(field, value) : MaxLength(field, value, max);

    public RequestValidator Range(string field, long value, long min, long max) =>
        Check(value >= min && value <= max, field, "OUT_OF_RANGE", $"取值应在{min}到{max}之间");

    /// <summary>Money is integer fen, never negative, and below a sanity bound (10 billion yuan).</summary>
    public RequestValidator Money(string field, Money? value, bool required = true)
    {
        if (value is null) return required ? Add(field, "REQUIRED", "必填项") : this;
        return Check(value.Fen >= 0, field, "NEGATIVE_AMOUNT", "金额不能为负数")
            .Check(value.Fen <= 1_000_000_000_000L, field, "AMOUNT_TOO_LARGE", "金额超出允许范围");
    }

    /// <summary>A proto enum value the server knows and not the UNSPECIFIED zero.</summary>
    public RequestValidator Enum<TEnum>(string field, TEnum value) where TEnum : struct, System.Enum
    {
        var known = System.Enum.IsDefined(value);
        var unspecified = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0;
        if (!known) return Add(field, "UNKNOWN_ENUM_VALUE", "不支持的取值");
        return Check(!unspecified, field, "REQUIRED", "必填项");
    }

    public RequestValidator Enums<TEnum>(string field, IEnumerable<TEnum> values, bool required) where TEnum : struct, System.Enum
    {
        var list = values.ToList();
        if (required && list.Count == 0) return Add(field, "REQUIRED", "至少选择一项");
        for (var i = 0; i < list.Count; i++) Enum($"{field}[{i}]", list[i]);
        return this;
    }

    public RequestValidator IdNumber(string field, string? value)
    {
        var problem = ChineseIdNumber.TryNormalise(value, out _);
        return problem == ChineseIdNumber.Problem.None ? this
            : Add(field, problem == ChineseIdNumber.Problem.Empty ? "REQUIRED" : "INVALID_ID_NUMBER", ChineseIdNumber.Describe(problem));
    }

    public RequestValidator MobilePhone(string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value)) return required ? Required(field, value) : this;
        var v = value.Trim();
        return Check(v.Length == 11 && v[0] == '1' && v.All(char.IsAsciiDigit), field, "INVALID_PHONE", "手机号码应为以1开头的11位数字");
    }

    public RequestValidator BankCardNumber(string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value)) return required ? Required(field, value) : this;
        return Check(BankCard.IsValid(value), field, "INVALID_BANK_CARD", "银行卡号无效（长度或校验位不正确）");
    }

    public RequestValidator OrganisationPathOrEmpty(string field, string? value) =>
        string.IsNullOrEmpty(value) ? this
            : Check(OrganisationPath.IsValid(value), field, "INVALID_ORGANISATION_PATH", "组织路径格式无效，例如 51/5115/511502");

    public RequestValidator Year(string field, int value) => Range(field, value, 2000, 2100);

    public RequestValidator Id(string field, string? value) =>
        string.IsNullOrEmpty(value) ? Add(field, "REQUIRED", "必填项")
            : Check(Guid.TryParse(value, out _), field, "INVALID_ID", "编号格式无效");

    public void ThrowIfInvalid()
    {
        if (_violations.Count > 0) UnionErrors.InvalidArgument(_violations);
    }
}
