using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Events.V1;
using Union.Funds.Domain;
using Union.Shared.Messaging;

namespace Union.Funds.Messaging;

/// <summary>
/// Keeps the <see cref="EvaluationGrade"/> read model from evaluation's EvaluationGraded. The inbox
/// makes a redelivery a no-op; a later event of the same evaluation replaces the earlier grade.
/// </summary>
public sealed class EvaluationGradedConsumer(IServiceProvider services) : IntegrationEventConsumer<EvaluationGraded>(services)
{
    protected override async Task HandleAsync(EvaluationGraded message, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(message.EvaluationId);
        var gradedAt = message.Header.OccurredAt?.ToDateTime() ?? DateTime.UtcNow;
        var grades = Db.Set<EvaluationGrade>();
        var grade = await grades.FirstOrDefaultAsync(g => g.EvaluationId == id, cancellationToken);
        if (grade is null) grades.Add(grade = new EvaluationGrade { EvaluationId = id });
        else if (grade.GradedAt > gradedAt) return;
        grade.OrganisationPath = message.OrganisationPath;
        grade.Year = message.Year;
        grade.SubjectKind = message.SubjectKind;
        grade.SubjectId = message.SubjectId;
        grade.Score = decimal.Parse(message.Score, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        grade.Grade = message.Grade;
        grade.GradedAt = gradedAt;
    }
}
