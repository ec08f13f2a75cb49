/** The rebalancing problem, its solvers and their certificates, and covariance estimation. */
package dev.keel.domain.optimize;
