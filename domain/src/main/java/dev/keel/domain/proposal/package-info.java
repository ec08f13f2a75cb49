/** The lifecycle of a rebalancing proposal, from proposed to executed, expired or rejected. */
package dev.keel.domain.proposal;
