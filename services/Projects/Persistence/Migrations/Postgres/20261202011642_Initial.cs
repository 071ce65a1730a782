using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Union.Projects.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ActorOrganisation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Action = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    EntityType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EntityId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OrganisationPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Changes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CorrelationId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "idempotency_records",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Method = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Response = table.Column<byte[]>(type: "bytea", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idempotency_records", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EventId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventType = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_messages", x => new { x.Consumer, x.EventId });
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EventId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventType = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    OrganisationPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CorrelationId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "project_adjustments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ChangedElements = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    PreviousSubsidyFen = table.Column<long>(type: "bigint", nullable: false),
                    NewSubsidyFen = table.Column<long>(type: "bigint", nullable: false),
                    OriginalSubsidyFen = table.Column<long>(type: "bigint", nullable: false),
                    CumulativeChangeBasisPoints = table.Column<int>(type: "integer", nullable: false),
                    MeetingReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    FiledWith = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProvinceReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ProvinceDecidedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_adjustments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "project_decisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RoundId = table.Column<Guid>(type: "uuid", nullable: false),
                    FunderPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    MeetingReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_decisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "project_forms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    LaunchStartsOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LaunchEndsOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LaunchOverview = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LaunchPlan = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LaunchBudgetDetail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LaunchSubsidyDetail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    MidTermSpentTotalFen = table.Column<long>(type: "bigint", nullable: true),
                    MidTermSpentSubsidyFen = table.Column<long>(type: "bigint", nullable: true),
                    MidTermProgress = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    MidTermSpendingDetail = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    MidTermPlannedAcceptanceOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AcceptanceCompletion = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AcceptanceSpentTotalFen = table.Column<long>(type: "bigint", nullable: true),
                    AcceptanceSpentSubsidyFen = table.Column<long>(type: "bigint", nullable: true),
                    AcceptanceWorkersCovered = table.Column<int>(type: "integer", nullable: true),
                    AcceptanceWorkersDirectlyServed = table.Column<int>(type: "integer", nullable: true),
                    AcceptanceSatisfactionPercent = table.Column<int>(type: "integer", nullable: true),
                    AcceptanceEffect = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DecisionComment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_forms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "project_funder_rules",
                columns: table => new
                {
                    FunderPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SubsidyCapPercent = table.Column<int>(type: "integer", nullable: true),
                    LaunchTranchePercent = table.Column<int>(type: "integer", nullable: false),
                    MidTermDueMonth = table.Column<int>(type: "integer", nullable: false),
                    MidTermDueDay = table.Column<int>(type: "integer", nullable: false),
                    AdjustmentFilingPercent = table.Column<int>(type: "integer", nullable: false),
                    SpotCheckPercent = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    WeightFeasibility = table.Column<int>(type: "integer", nullable: false),
                    WeightNecessity = table.Column<int>(type: "integer", nullable: false),
                    WeightProspects = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_funder_rules", x => x.FunderPath);
                });

            migrationBuilder.CreateTable(
                name: "project_inspections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    InspectedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Inspectors = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    SpotCheckId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_inspections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "project_rectifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SourceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Finding = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Resolution = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_rectifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "project_rounds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FunderPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    EmergencyEvent = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    WeightFeasibility = table.Column<int>(type: "integer", nullable: false),
                    WeightNecessity = table.Column<int>(type: "integer", nullable: false),
                    WeightProspects = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_rounds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "project_spot_checks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Percent = table.Column<int>(type: "integer", nullable: false),
                    Seed = table.Column<long>(type: "bigint", nullable: false),
                    Population = table.Column<int>(type: "integer", nullable: false),
                    ProjectIds = table.Column<Guid[]>(type: "uuid[]", nullable: false),
                    DrawnAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DrawnBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_spot_checks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "project_worker_surveys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Method = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SurveyedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    SampleSize = table.Column<int>(type: "integer", nullable: false),
                    Aware = table.Column<int>(type: "integer", nullable: false),
                    Participated = table.Column<int>(type: "integer", nullable: false),
                    Benefited = table.Column<int>(type: "integer", nullable: false),
                    Satisfied = table.Column<int>(type: "integer", nullable: false),
                    Comments = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_worker_surveys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "projects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FinalSpentTotalFen = table.Column<long>(type: "bigint", nullable: true),
                    FinalSpentSubsidyFen = table.Column<long>(type: "bigint", nullable: true),
                    FinalReturnedSubsidyFen = table.Column<long>(type: "bigint", nullable: true),
                    FinalReportReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    FinalReportedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RoundId = table.Column<Guid>(type: "uuid", nullable: false),
                    FunderPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OrganisationPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Level = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Subcategory = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Background = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    TotalFen = table.Column<long>(type: "bigint", nullable: false),
                    SubsidyRequestedFen = table.Column<long>(type: "bigint", nullable: false),
                    Safeguards = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CurrentSubsidyFen = table.Column<long>(type: "bigint", nullable: true),
                    ReleasedFen = table.Column<long>(type: "bigint", nullable: false),
                    SpentTotalFen = table.Column<long>(type: "bigint", nullable: true),
                    SpentSubsidyFen = table.Column<long>(type: "bigint", nullable: true),
                    LaunchedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AcceptedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PendingAdjustmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    OpenRectifications = table.Column<int>(type: "integer", nullable: false),
                    ReviewScoreCenti = table.Column<int>(type: "integer", nullable: false),
                    ReviewCount = table.Column<int>(type: "integer", nullable: false),
                    DecisionId = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ApprovedSubsidyFen = table.Column<long>(type: "bigint", nullable: true),
                    RejectionReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    PaperCopyReceivedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PaperCopySignedBy = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ContactEmail = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ContactName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ContactPhone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Scope = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ServedGroups = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ServiceMethod = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Standards = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ContentTargets = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    SatisfactionPercent = table.Column<int>(type: "integer", nullable: false),
                    WorkersCovered = table.Column<int>(type: "integer", nullable: false),
                    WorkersDirectlyServed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_projects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "project_decision_lines",
                columns: table => new
                {
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    DecisionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Approved = table.Column<bool>(type: "boolean", nullable: false),
                    ApprovedSubsidyFen = table.Column<long>(type: "bigint", nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_decision_lines", x => new { x.DecisionId, x.ProjectId });
                    table.ForeignKey(
                        name: "FK_project_decision_lines_project_decisions_DecisionId",
                        column: x => x.DecisionId,
                        principalTable: "project_decisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_form_signatures",
                columns: table => new
                {
                    Level = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    FormId = table.Column<Guid>(type: "uuid", nullable: false),
                    SignerName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    SignedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SignedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Opinion = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_form_signatures", x => new { x.FormId, x.Level });
                    table.ForeignKey(
                        name: "FK_project_form_signatures_project_forms_FormId",
                        column: x => x.FormId,
                        principalTable: "project_forms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_round_reviewers",
                columns: table => new
                {
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RoundId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    OrganisationPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_round_reviewers", x => new { x.RoundId, x.Subject });
                    table.ForeignKey(
                        name: "FK_project_round_reviewers_project_rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "project_rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_archive_documents",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Present = table.Column<bool>(type: "boolean", nullable: false),
                    Reference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_archive_documents", x => new { x.ProjectId, x.Kind });
                    table.ForeignKey(
                        name: "FK_project_archive_documents_projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_budget_lines",
                columns: table => new
                {
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_budget_lines", x => new { x.ProjectId, x.Source });
                    table.ForeignKey(
                        name: "FK_project_budget_lines_projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_milestones",
                columns: table => new
                {
                    Number = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ProgressPercent = table.Column<int>(type: "integer", nullable: false),
                    ProgressNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_milestones", x => new { x.ProjectId, x.Number });
                    table.ForeignKey(
                        name: "FK_project_milestones_projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_responsibilities",
                columns: table => new
                {
                    Number = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Person = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_responsibilities", x => new { x.ProjectId, x.Number });
                    table.ForeignKey(
                        name: "FK_project_responsibilities_projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "project_review_scores",
                columns: table => new
                {
                    ReviewerSubject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReviewerName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Necessity = table.Column<int>(type: "integer", nullable: false),
                    Feasibility = table.Column<int>(type: "integer", nullable: false),
                    Prospects = table.Column<int>(type: "integer", nullable: false),
                    WeightedCenti = table.Column<int>(type: "integer", nullable: false),
                    Comments = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ScoredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_review_scores", x => new { x.ProjectId, x.ReviewerSubject });
                    table.ForeignKey(
                        name: "FK_project_review_scores_projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_EntityType_EntityId",
                table: "audit_entries",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_EventId",
                table: "outbox_messages",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_PublishedAt_Id",
                table: "outbox_messages",
                columns: new[] { "PublishedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_project_adjustments_ProjectId",
                table: "project_adjustments",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_project_decisions_RoundId",
                table: "project_decisions",
                column: "RoundId");

            migrationBuilder.CreateIndex(
                name: "IX_project_forms_OrganisationPath",
                table: "project_forms",
                column: "OrganisationPath");

            migrationBuilder.CreateIndex(
                name: "IX_project_forms_ProjectId_Kind",
                table: "project_forms",
                columns: new[] { "ProjectId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_project_inspections_ProjectId",
                table: "project_inspections",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_project_rectifications_OrganisationPath",
                table: "project_rectifications",
                column: "OrganisationPath");

            migrationBuilder.CreateIndex(
                name: "IX_project_rectifications_ProjectId",
                table: "project_rectifications",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_project_rounds_FunderPath_Year",
                table: "project_rounds",
                columns: new[] { "FunderPath", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_project_worker_surveys_ProjectId",
                table: "project_worker_surveys",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_projects_FunderPath_Year",
                table: "projects",
                columns: new[] { "FunderPath", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_projects_OrganisationPath",
                table: "projects",
                column: "OrganisationPath");

            migrationBuilder.CreateIndex(
                name: "IX_projects_round_applicant_category",
                table: "projects",
                columns: new[] { "RoundId", "OrganisationPath", "Category" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_projects_Year_Status",
                table: "projects",
                columns: new[] { "Year", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "idempotency_records");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "project_adjustments");

            migrationBuilder.DropTable(
                name: "project_archive_documents");

            migrationBuilder.DropTable(
                name: "project_budget_lines");

            migrationBuilder.DropTable(
                name: "project_decision_lines");

            migrationBuilder.DropTable(
                name: "project_form_signatures");

            migrationBuilder.DropTable(
                name: "project_funder_rules");

            migrationBuilder.DropTable(
                name: "project_inspections");

            migrationBuilder.DropTable(
                name: "project_milestones");

            migrationBuilder.DropTable(
                name: "project_rectifications");

            migrationBuilder.DropTable(
                name: "project_responsibilities");

            migrationBuilder.DropTable(
                name: "project_review_scores");

            migrationBuilder.DropTable(
                name: "project_round_reviewers");

            migrationBuilder.DropTable(
                name: "project_spot_checks");

            migrationBuilder.DropTable(
                name: "project_worker_surveys");

            migrationBuilder.DropTable(
                name: "project_decisions");

            migrationBuilder.DropTable(
                name: "project_forms");

            migrationBuilder.DropTable(
                name: "projects");

            migrationBuilder.DropTable(
                name: "project_rounds");
        }
    }
}
