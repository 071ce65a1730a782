using Google.Protobuf.WellKnownTypes;
using Union.Contracts.Common.V1;
using Union.Evaluation.Domain;
using Union.Evaluation.Domain.Process;
using Union.Evaluation.Domain.Templates;
using Union.Shared.Tenancy;
using Dto = Union.Contracts.Evaluation.V1;
using static Union.Evaluation.Grpc.TemplateMapping;

namespace Union.Evaluation.Grpc;

/// <summary>Between the evaluation's process document and its proto messages.</summary>
public static class ProcessMapping
{
    public static Timestamp Time(DateTime at) => Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    public static Dto.Evaluation ToDto(PerformanceEvaluation e)
    {
        var dto = new Dto.Evaluation
        {
            EvaluationId = e.Id.ToString(),
            Owner = new OrganisationRef { Code = OrganisationPath.Code(e.OrganisationPath), Path = e.OrganisationPath },
            SubjectKind = (Dto.SubjectKind)(int)e.SubjectKind,
            SubjectId = e.SubjectId,
            Year = e.Year,
            IndicatorSystem = e.IndicatorSystem,
            IndicatorSystemVersion = e.IndicatorSystemVersion,
            Stage = (Dto.EvaluationStage)(int)e.Stage,
            SubjectTitle = e.SubjectTitle,
            FinalScore = e.FinalScore is { } f ? Text(f) : string.Empty,
            Grade = e.Grade,
            Audit = new AuditStamp
            {
                CreatedAt = Time(e.CreatedAt), CreatedBy = e.CreatedBy,
                UpdatedAt = Time(e.UpdatedAt), UpdatedBy = e.UpdatedBy,
            },
        };
        if (e.ArchivedAt is { } archived) dto.ArchivedAt = Time(archived);
        return dto;
    }

    public static Dto.EvaluationSheet ToSheetDto(PerformanceEvaluation e, IndicatorTemplate template, ScoreSheet sheet, IEnumerable<string>? notes = null)
    {
        var p = e.Process;
        var dto = new Dto.EvaluationSheet
        {
            Evaluation = ToDto(e),
            Sheet = TemplateMapping.ToDto(template, sheet),
            SelfReport = p.SelfReport,
            ScoredTotal = p.ScoredTotal is { } t ? Text(t) : string.Empty,
            Adjustment = p.Adjustment is { } a ? Text(a) : string.Empty,
        };
        dto.Targets.AddRange(p.Targets.Select(x => new Dto.AidTarget { AidType = x.AidType, Households = x.Households }));
        dto.Inputs.AddRange(p.Inputs.Values.Select(i =>
        {
            var r = new Dto.RecordedInput
            {
                Input = ToDto(i.Input), Source = (Dto.InputSource)(int)i.Source, By = i.By, At = Time(i.At), Reason = i.Reason, Basis = i.Basis,
            };
            r.EvidenceIds.AddRange(i.EvidenceIds);
            return r;
        }));
        dto.History.AddRange(p.History.Select(h => new Dto.ScoreChange
        {
            Key = h.Key, Stage = (Dto.EvaluationStage)(int)h.Stage,
            PreviousScore = h.PreviousScore is { } ps ? Text(ps) : string.Empty,
            PreviousSource = h.PreviousSource is { } src ? (Dto.InputSource)(int)src : Dto.InputSource.Unspecified,
            NewScore = Text(h.NewScore), Source = (Dto.InputSource)(int)h.Source, By = h.By, At = Time(h.At), Reason = h.Reason,
        }));
        dto.Transitions.AddRange(p.Transitions.Select(t => new Dto.StageTransition
        {
            From = (Dto.EvaluationStage)(int)t.From, To = (Dto.EvaluationStage)(int)t.To, By = t.By, At = Time(t.At), Reason = t.Reason,
        }));
        dto.FieldRecords.AddRange(p.FieldRecords.Select(r => new Dto.FieldRecord
        {
            IndicatorKey = r.IndicatorKey, Finding = r.Finding, RecordedBy = r.By, RecordedAt = Time(r.At),
        }));
        dto.Surveys.AddRange(p.Surveys.Select(s => new Dto.Survey
        {
            Kind = (Dto.SurveyKind)(int)s.Kind, SampleSize = s.SampleSize, Satisfied = s.Satisfied, RatePercent = Text(s.RatePercent),
        }));
        dto.Issues.AddRange(p.Issues.Select(i => new Dto.RectificationIssue
        {
            IssueId = i.IssueId, IndicatorKey = i.IndicatorKey, Description = i.Description, Result = (Dto.RecheckResult)(int)i.Result,
            Note = i.Note, Deduction = Text(i.Deduction), CheckedBy = i.CheckedBy,
        }));
        if (notes is not null) dto.OperationalNotes.AddRange(notes);
        return dto;
    }

    public static Dto.IndicatorInput ToDto(IndicatorInput i)
    {
        var dto = new Dto.IndicatorInput { Key = i.Key, Evidence = i.Evidence };
        if (i.Score is { } s) dto.Score = Text(s);
        if (i.Occurrences is { } n) dto.Occurrences = n;
        if (i.Yes is { } y) dto.Yes = y;
        dto.Ticked.AddRange(i.Ticked);
        dto.Lines.AddRange(i.Lines.Select(l => new Dto.CompletionLine { Label = l.Label, Actual = Text(l.Actual), Target = Text(l.Target) }));
        dto.Cases.AddRange(i.Cases.Select(c => new Dto.DeadlineCase
        {
            Reference = c.Reference,
            StartDate = c.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            DoneDate = c.Done.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }));
        return dto;
    }
}
