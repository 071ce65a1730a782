using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Union.Funds.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddPhaseOutEnd : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "PhaseOutEndsOn",
                table: "household_standings",
                type: "date",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PhaseOutEndsOn",
                table: "household_standings");
        }
    }
}
