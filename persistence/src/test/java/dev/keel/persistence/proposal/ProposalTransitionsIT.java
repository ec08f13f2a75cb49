package dev.keel.persistence.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.domain.proposal.ProposalStatus;
import dev.keel.persistence.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * The database's copy of the lifecycle (proposal_transition and the trigger that enforces it) against the domain's
 * ({@link ProposalStatus#canBecome}): the same pairs, and every status change outside them refused by the database.
 * Changing one without the other fails here.
 */
class ProposalTransitionsIT {

  private final TestDatabase db = TestDatabase.get();

  @BeforeEach
  void one_portfolio() {
    db.reset();
    db.jdbi().useHandle(h -> {
      h.execute("INSERT INTO account (id, external_ref, tier, created_at) VALUES (1, 'acc-1', 'STANDARD', now())");
      h.execute("INSERT INTO portfolio (id, account_id, name, basket, risk_profile, base_currency, created_at)"
          + " VALUES (1, 1, 'p', 'BTC_ETH_60_40', 'BALANCED', 'USDT', now())");
    });
  }

  @Test
  void the_databases_transitions_are_the_domains_pair_by_pair() {
    List<String> database = db.jdbi().withHandle(h -> h.createQuery("SELECT from_status || ' -> ' || to_status FROM proposal_transition")
        .mapTo(String.class).list());
    List<String> domain = new ArrayList<>();
    for (ProposalStatus from : ProposalStatus.values()) {
      for (ProposalStatus to : ProposalStatus.values()) {
        if (from.canBecome(to)) {
          domain.add(from + " -> " + to);
        }
      }
    }
    assertThat(database).as("proposal_transition (changeset 230) against ProposalStatus.canBecome").containsExactlyInAnyOrderElementsOf(domain);
    for (ProposalStatus from : ProposalStatus.values()) {
      assertThat(from.next()).as("next() of " + from).allMatch(from::canBecome);
    }
  }

  @Test
  void the_database_knows_the_same_statuses_as_the_domain() {
    // the status column's CHECK lists them; a status added on one side only would slip past the pairs above
    String check = db.jdbi().withHandle(h -> h.createQuery("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
        + " WHERE conname = 'proposal_status_check'").mapTo(String.class).one());
    List<String> listed = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([A-Z_]+)'").matcher(check);
    while (m.find()) {
      listed.add(m.group(1));
    }
    assertThat(listed).containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(ProposalStatus.values()).map(Enum::name).toList());
  }

  @Test
  void every_status_change_the_domain_allows_is_made_and_every_other_is_refused_naming_the_proposal_and_both_statuses() {
    Map<String, String> refused = new java.util.TreeMap<>();
    List<String> made = new ArrayList<>();
    for (ProposalStatus from : ProposalStatus.values()) {
      for (ProposalStatus to : ProposalStatus.values()) {
        if (from == to) {
          continue;
        }
        // each pair on a proposal of its own, rolled back, so the one open proposal per portfolio never gets in the way
        db.jdbi().useHandle(h -> {
          h.begin();
          try {
            long id = proposal(h, from);
            h.execute("SAVEPOINT change");
            try {
              h.createUpdate("UPDATE proposal SET status = :to WHERE id = :id").bind("to", to.name()).bind("id", id).execute();
              made.add(from + " -> " + to);
            } catch (UnableToExecuteStatementException e) {
              PSQLException cause = (PSQLException) e.getCause();
              assertThat(cause.getServerErrorMessage().getConstraint()).as(cause.getMessage()).isEqualTo("proposal_status_transition");
              assertThat(cause.getSQLState()).isEqualTo("23514");
              refused.put(from + " -> " + to, cause.getServerErrorMessage().getMessage());
              h.execute("ROLLBACK TO SAVEPOINT change");
            }
            assertThat(h.createQuery("SELECT status FROM proposal WHERE id = :id").bind("id", id).mapTo(String.class).one())
                .as(from + " -> " + to).isEqualTo(from.canBecome(to) ? to.name() : from.name());
          } finally {
            h.rollback();
          }
        });
      }
    }
    List<String> allowed = new ArrayList<>();
    for (ProposalStatus from : ProposalStatus.values()) {
      for (ProposalStatus to : from.next()) {
        allowed.add(from + " -> " + to);
      }
    }
    assertThat(made).containsExactlyInAnyOrderElementsOf(allowed);
    assertThat(refused).hasSize(ProposalStatus.values().length * (ProposalStatus.values().length - 1) - allowed.size());
    assertThat(refused.get("PROPOSED -> EXECUTING")).matches("proposal \\d+ cannot go from PROPOSED to EXECUTING: from PROPOSED the"
        + " lifecycle allows APPROVED, EXPIRED, REJECTED");
    assertThat(refused.get("EXPIRED -> APPROVED")).matches("proposal \\d+ cannot go from EXPIRED to APPROVED: EXPIRED is final");
  }

  @Test
  void an_update_that_leaves_the_status_as_it_is_is_not_a_transition() {
    db.jdbi().useHandle(h -> {
      long id = proposal(h, ProposalStatus.EXPIRED);
      assertThat(h.createUpdate("UPDATE proposal SET status = status, outcome_reason = 'noted' WHERE id = :id").bind("id", id).execute())
          .isEqualTo(1);
    });
  }

  @Test
  void a_refused_change_in_a_statement_over_many_rows_changes_none_of_them() {
    db.jdbi().useHandle(h -> {
      proposal(h, ProposalStatus.EXPIRED, "2026-11-24T10:00Z");
      proposal(h, ProposalStatus.PROPOSED, "2026-11-24T10:01Z");
    });
    assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute("UPDATE proposal SET status = 'APPROVED'")))
        .hasMessageContaining("cannot go from EXPIRED to APPROVED");
    String statuses = db.jdbi().withHandle(h -> h.createQuery("SELECT string_agg(status, ',' ORDER BY id) FROM proposal")
        .mapTo(String.class).one());
    assertThat(statuses).isEqualTo("EXPIRED,PROPOSED");
  }

  private static long proposal(Handle h, ProposalStatus status) {
    return proposal(h, status, "2026-11-24T10:00Z");
  }

  private static long proposal(Handle h, ProposalStatus status, String cycle) {
    return h.createUpdate("INSERT INTO proposal (portfolio_id, cycle, status, tier_at_creation, portfolio_value, max_drift, drift_before,"
            + " regime, expected_cost, expected_cost_bps, tracking_error_before, tracking_error_after, created_at, expires_at)"
            + " VALUES (1, CAST(:cycle AS timestamptz), :status, 'STANDARD', 10000, 0.08, '{}', '{}', 5, 5, 0.02, 0.01,"
            + " '2026-11-24T10:00Z', '2026-11-24T11:00Z')")
        .bind("cycle", cycle).bind("status", status.name()).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
  }
}
