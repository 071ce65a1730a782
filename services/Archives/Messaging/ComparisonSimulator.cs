using System.Security.Cryptography;
using System.Text;
using Union.Contracts.Common.V1;
using Union.Contracts.Events.V1;
using Union.Shared.Messaging;

namespace Union.Archives.Messaging;

/// <summary>
/// Stands in for the agencies' adapter (civil affairs, medical insurance) in local runs and tests:
/// answers every <see cref="ComparisonRequested"/> with a <see cref="ComparisonReturned"/> through
/// the outbox, like the real adapter would over the bus. The figures are plausible and derived
/// from the household id alone, so the same file always gets the same answer. Registered only when
/// <c>Comparison:Simulator</c> is true; production sets it false and runs the adapter instead.
/// </summary>
public sealed class ComparisonSimulator(IServiceProvider services) : IntegrationEventConsumer<ComparisonRequested>(services)
{
    public const string Note = "模拟比对结果（本地运行，非民政、医保真实数据）";

    protected override Task HandleAsync(ComparisonRequested message, CancellationToken cancellationToken)
    {
        var answer = Answer(message.HouseholdId);
        Db.Publish(new ComparisonReturned
        {
            ComparisonId = message.ComparisonId,
            HouseholdId = message.HouseholdId,
            VerifiedIncomePerPerson = new Money { Fen = answer.IncomeFen },
            ReceivesAllowance = answer.ReceivesAllowance,
            MedicalOutOfPocket = new Money { Fen = answer.MedicalFen },
            Note = Note,
        }, message.Header.OrganisationPath);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The simulated answer for a household: income per person 300.00–899.00 yuan a month in whole
    /// yuan, the allowance received when that is below 500 yuan, out-of-pocket medical costs
    /// 0–29,999 yuan over the last twelve months.
    /// </summary>
    public static (long IncomeFen, bool ReceivesAllowance, long MedicalFen) Answer(string householdId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(householdId));
        var income = (300 + BitConverter.ToUInt32(hash, 0) % 600) * 100L;
        var medical = BitConverter.ToUInt32(hash, 4) % 30_000 * 100L;
        return (income, income < 50_000, medical);
    }
}
