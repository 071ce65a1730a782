using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AddLocalStandards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "allowance_standards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    MonthlyFen = table.Column<long>(type: "bigint", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    Reference = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allowance_standards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "payment_standards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OrganisationPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    AidType = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    AmountFen = table.Column<long>(type: "bigint", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    Reference = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_standards", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_allowance_standards_OrganisationPath_EffectiveFrom",
                table: "allowance_standards",
                columns: new[] { "OrganisationPath", "EffectiveFrom" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payment_standards_OrganisationPath_AidType_EffectiveFrom",
                table: "payment_standards",
                columns: new[] { "OrganisationPath", "AidType", "EffectiveFrom" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "allowance_standards");

            migrationBuilder.DropTable(
                name: "payment_standards");
        }
    }
}
