using Union.Shared.Validation;
using static Union.Shared.Validation.ChineseIdNumber;

namespace Union.Shared.Tests;

// GB 11643-1999 resident identity numbers.
public class ChineseIdNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void A_valid_number_with_check_character_X_is_accepted()
    {
        Assert.Equal(Problem.None, TryNormalise("11010519491231002X", out var normalised, Today));
        Assert.Equal("11010519491231002X", normalised);
    }

    [Fact]
    public void A_lower_case_x_is_normalised_to_upper_case()
    {
        Assert.Equal(Problem.None, TryNormalise("11010519491231002x", out var normalised, Today));
        Assert.Equal("11010519491231002X", normalised);
    }

    [Theory]
    [InlineData("110105194912310021")]
    [InlineData("110105194912310029")]
    public void A_changed_check_digit_is_refused(string number) =>
        Assert.Equal(Problem.Checksum, TryNormalise(number, out _, Today));

    [Fact]
    public void A_15_digit_legacy_number_is_converted_to_18_digits()
    {
        // 110105491231002 is the first-generation form of 11010519491231002X.
        Assert.Equal(Problem.None, TryNormalise("110105491231002", out var normalised, Today));
        Assert.Equal("11010519491231002X", normalised);
    }

    [Theory]
    [InlineData("", Problem.Empty)]
    [InlineData("1101051949123100", Problem.Length)]
    [InlineData("11010519491231002Y", Problem.Characters)]
    [InlineData("99010519491231002X", Problem.Region)]
    [InlineData("110105194902300020", Problem.BirthDate)]
    [InlineData("11010520300101001X", Problem.BirthDate)]
    public void Malformed_numbers_are_refused_with_the_reason(string number, Problem expected) =>
        Assert.Equal(expected, TryNormalise(number, out _, Today));

    [Fact]
    public void The_birth_date_is_read_from_the_number() =>
        Assert.Equal(new DateOnly(1949, 12, 31), BirthDate("11010519491231002X"));

    [Theory]
    [InlineData("6222021234567890128", true)]
    [InlineData("6222021234567890127", false)]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("12345", false)]
    [InlineData("62220212345678901a", false)]
    public void Bank_cards_are_checked_by_Luhn(string card, bool valid) => Assert.Equal(valid, BankCard.IsValid(card));
}
