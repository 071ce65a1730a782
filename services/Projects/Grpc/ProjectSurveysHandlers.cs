using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Union.Contracts.Projects.V1;
using Union.Shared.Time;
using Union.Shared.Validation;
using Domain = Union.Projects.Domain;

namespace Union.Projects.Grpc;

/// <summary>
/// 职工评价 (001_ab13bea91fa8b22f.txt 第五条(七)): "适时通过现场座谈和网上调查等方式，组织职工对实事进行评议".
/// Staff record one survey's sample and counts; the four rates are derived, never entered.
/// </summary>
public sealed partial class ProjectImplementationService
{
    public const int MaxSurveyComments = 1000;

    public override async Task<WorkerSurvey> RecordWorkerSurvey(RecordWorkerSurveyRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Staff);
        var validator = new RequestValidator()
            .Id("project_id", request.ProjectId)
            .Enum("method", request.Method)
            .Date("surveyed_on", request.SurveyedOn, required: true, out var surveyedOn)
            .Range("sample_size", request.SampleSize, 1, ApplicationValidation.MaxWorkers)
            .MaxLength("comments", request.Comments, MaxSurveyComments);
        foreach (var (field, count) in new[] { ("aware", request.Aware), ("participated", request.Participated), ("benefited", request.Benefited), ("satisfied", request.Satisfied) })
            validator.Check(count >= 0 && count <= request.SampleSize, field, "COUNT_EXCEEDS_SAMPLE", "人数应在0到样本量之间");
        validator.Check(surveyedOn is null || surveyedOn <= clock.Today(), "surveyed_on", "DATE_IN_FUTURE", "评价日期不能晚于今天");
        validator.ThrowIfInvalid();

        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: false, context.CancellationToken);
        var survey = Domain.WorkerSurvey.Record(project, (Domain.SurveyMethod)(int)request.Method, surveyedOn!.Value, request.SampleSize,
            request.Aware, request.Participated, request.Benefited, request.Satisfied, request.Comments ?? string.Empty,
            caller.Subject, clock.UtcNowForStorage());
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(context.CancellationToken);
        return ToDto(survey);
    }

    public override async Task<ListWorkerSurveysResponse> ListWorkerSurveys(ListWorkerSurveysRequest request, ServerCallContext context)
    {
        caller.Require(ProjectAccess.Readers);
        new RequestValidator().Id("project_id", request.ProjectId).ThrowIfInvalid();
        var project = await ProjectQueries.FindAsync(db, Guid.Parse(request.ProjectId), tracked: false, context.CancellationToken);
        var surveys = await db.Surveys.AsNoTracking().Where(s => s.ProjectId == project.Id)
            .OrderBy(s => s.SurveyedOn).ThenBy(s => s.Id).ToListAsync(context.CancellationToken);
        return new ListWorkerSurveysResponse { Surveys = { surveys.Select(ToDto) } };
    }

    private static WorkerSurvey ToDto(Domain.WorkerSurvey s) => new()
    {
        SurveyId = s.Id.ToString(),
        ProjectId = s.ProjectId.ToString(),
        Method = (SurveyMethod)(int)s.Method,
        SurveyedOn = ProjectMapping.Date(s.SurveyedOn),
        SampleSize = s.SampleSize,
        Aware = s.Aware,
        Participated = s.Participated,
        Benefited = s.Benefited,
        Satisfied = s.Satisfied,
        Comments = s.Comments,
        AwarenessBasisPoints = s.BasisPoints(s.Aware),
        ParticipationBasisPoints = s.BasisPoints(s.Participated),
        BenefitBasisPoints = s.BasisPoints(s.Benefited),
        SatisfactionBasisPoints = s.BasisPoints(s.Satisfied),
        RecordedAt = ProjectMapping.Time(s.RecordedAt),
        RecordedBy = s.RecordedBy,
    };
}
