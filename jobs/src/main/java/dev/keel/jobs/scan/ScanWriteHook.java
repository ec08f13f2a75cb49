package dev.keel.jobs.scan;

import dev.keel.domain.portfolio.ScanResult;
import java.util.List;

/**
 * Called inside each chunk's transaction just before its outcomes are written. Production has none;
 * fault tests use one to fail a chunk of one partition and check that a restart completes it.
 */
@FunctionalInterface
public interface ScanWriteHook {
  void beforeWrite(String partition, List<ScanResult> results);
}
