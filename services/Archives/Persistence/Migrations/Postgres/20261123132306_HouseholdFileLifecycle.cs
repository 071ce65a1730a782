using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Union.Archives.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HouseholdFileLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Status",
                table: "households",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(20)",
                oldMaxLength: 20);

            migrationBuilder.AddColumn<string>(
                name: "ApplicationType",
                table: "households",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "AppliedAt",
                table: "households",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ApprovedOn",
                table: "households",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ArchivedAt",
                table: "households",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ArchivedOn",
                table: "households",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BankCardMasked",
                table: "households",
                type: "character varying(19)",
                maxLength: 19,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BankCardProtected",
                table: "households",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CancelReason",
                table: "households",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "CategoryReason",
                table: "households",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "households",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateOnly>(
                name: "ExitedOn",
                table: "households",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastVisitedOn",
                table: "households",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Marginal",
                table: "households",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "MeetingReference",
                table: "households",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NextVisitDueOn",
                table: "households",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NoticeEndsOn",
                table: "households",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoticePlace",
                table: "households",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NoticeStartsOn",
                table: "households",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "PhaseOutEndsOn",
                table: "households",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "RecordsMismatch",
                table: "households",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "Unstable",
                table: "households",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "households",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "WorkerSubject",
                table: "households",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "comparison_checks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReturnedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    VerifiedIncomePerPersonFen = table.Column<long>(type: "bigint", nullable: true),
                    ReceivesAllowance = table.Column<bool>(type: "boolean", nullable: true),
                    MedicalOutOfPocketFen = table.Column<long>(type: "bigint", nullable: true),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_comparison_checks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_comparison_checks_households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "home_visits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uuid", nullable: false),
                    VisitedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Visitors = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Findings = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    NextDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    HouseholdNotified = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_home_visits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_home_visits_households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "household_documents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ObjectKey = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    MediaType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    AttachedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AttachedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_household_documents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_household_documents_households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "household_members",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Relation = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    IdNumberProtected = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IdNumberHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IdNumberMasked = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Health = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Disabled = table.Column<bool>(type: "boolean", nullable: false),
                    Schooling = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Employment = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    MonthlyIncomeFen = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_household_members", x => x.Id);
                    table.ForeignKey(
                        name: "FK_household_members_households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notice_objections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    HouseholdId = table.Column<Guid>(type: "uuid", nullable: false),
                    Content = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RaisedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Resolved = table.Column<bool>(type: "boolean", nullable: false),
                    Upheld = table.Column<bool>(type: "boolean", nullable: false),
                    Resolution = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_objections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_notice_objections_households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "status_transitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    HouseholdId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    From = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    To = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Action = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Evidence = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_status_transitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_status_transitions_households_HouseholdId",
                        column: x => x.HouseholdId,
                        principalTable: "households",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_open_identities_HouseholdId",
                table: "open_identities",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_households_Status_NextVisitDueOn",
                table: "households",
                columns: new[] { "Status", "NextVisitDueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_households_WorkerSubject",
                table: "households",
                column: "WorkerSubject");

            migrationBuilder.CreateIndex(
                name: "IX_comparison_checks_HouseholdId",
                table: "comparison_checks",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_home_visits_HouseholdId_VisitedOn",
                table: "home_visits",
                columns: new[] { "HouseholdId", "VisitedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_household_documents_HouseholdId",
                table: "household_documents",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_household_members_HouseholdId",
                table: "household_members",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_household_members_IdNumberHash",
                table: "household_members",
                column: "IdNumberHash");

            migrationBuilder.CreateIndex(
                name: "IX_notice_objections_HouseholdId",
                table: "notice_objections",
                column: "HouseholdId");

            migrationBuilder.CreateIndex(
                name: "IX_status_transitions_HouseholdId_At",
                table: "status_transitions",
                columns: new[] { "HouseholdId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_status_transitions_OrganisationPath_Action_At",
                table: "status_transitions",
                columns: new[] { "OrganisationPath", "Action", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "comparison_checks");

            migrationBuilder.DropTable(
                name: "home_visits");

            migrationBuilder.DropTable(
                name: "household_documents");

            migrationBuilder.DropTable(
                name: "household_members");

            migrationBuilder.DropTable(
                name: "notice_objections");

            migrationBuilder.DropTable(
                name: "status_transitions");

            migrationBuilder.DropIndex(
                name: "IX_open_identities_HouseholdId",
                table: "open_identities");

            migrationBuilder.DropIndex(
                name: "IX_households_Status_NextVisitDueOn",
                table: "households");

            migrationBuilder.DropIndex(
                name: "IX_households_WorkerSubject",
                table: "households");

            migrationBuilder.DropColumn(
                name: "ApplicationType",
                table: "households");

            migrationBuilder.DropColumn(
                name: "AppliedAt",
                table: "households");

            migrationBuilder.DropColumn(
                name: "ApprovedOn",
                table: "households");

            migrationBuilder.DropColumn(
                name: "ArchivedAt",
                table: "households");

            migrationBuilder.DropColumn(
                name: "ArchivedOn",
                table: "households");

            migrationBuilder.DropColumn(
                name: "BankCardMasked",
                table: "households");

            migrationBuilder.DropColumn(
                name: "BankCardProtected",
                table: "households");

            migrationBuilder.DropColumn(
                name: "CancelReason",
                table: "households");

            migrationBuilder.DropColumn(
                name: "CategoryReason",
                table: "households");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "households");

            migrationBuilder.DropColumn(
                name: "ExitedOn",
                table: "households");

            migrationBuilder.DropColumn(
                name: "LastVisitedOn",
                table: "households");

            migrationBuilder.DropColumn(
                name: "Marginal",
                table: "households");

            migrationBuilder.DropColumn(
                name: "MeetingReference",
                table: "households");

            migrationBuilder.DropColumn(
                name: "NextVisitDueOn",
                table: "households");

            migrationBuilder.DropColumn(
                name: "NoticeEndsOn",
                table: "households");

            migrationBuilder.DropColumn(
                name: "NoticePlace",
                table: "households");

            migrationBuilder.DropColumn(
                name: "NoticeStartsOn",
                table: "households");

            migrationBuilder.DropColumn(
                name: "PhaseOutEndsOn",
                table: "households");

            migrationBuilder.DropColumn(
                name: "RecordsMismatch",
                table: "households");

            migrationBuilder.DropColumn(
                name: "Unstable",
                table: "households");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "households");

            migrationBuilder.DropColumn(
                name: "WorkerSubject",
                table: "households");

            migrationBuilder.AlterColumn<string>(
                name: "Status",
                table: "households",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(30)",
                oldMaxLength: 30);
        }
    }
}
