package dev.keel.jobs.batch;

import java.util.HashMap;
import java.util.Map;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps a chunk step's saved position at its last commit when a chunk's transaction does not commit. Spring Batch 6's
 * chunk-oriented step writes the readers' new position into the step's execution context inside the chunk's
 * transaction; when that transaction then fails after the writes (the database connection dropped at the job
 * repository's update or at the commit, as in a failover, FAULTS B4), the in-memory context keeps the new position and
 * the step's failure handling stores it. A restart then began after a chunk that was rolled back, and its items were
 * lost. This listener takes a copy of the context when each chunk begins and puts it back when the chunk's transaction
 * ends other than committed, before the failure is recorded. Every chunk step lists it.
 */
public final class ChunkStateGuard implements ChunkListener<Object, Object> {

  public static final ChunkStateGuard INSTANCE = new ChunkStateGuard();

  private ChunkStateGuard() {}

  @Override
  public void beforeChunk(Chunk<Object> chunk) {
    StepContext step = StepSynchronizationManager.getContext();
    if (step == null || !TransactionSynchronizationManager.isSynchronizationActive()) {
      return;
    }
    ExecutionContext live = step.getStepExecution().getExecutionContext();
    Map<String, Object> committed = new HashMap<>(live.toMap());
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCompletion(int status) {
        if (status != STATUS_COMMITTED) {
          restore(live, committed);
        }
      }
    });
  }

  static void restore(ExecutionContext live, Map<String, Object> committed) {
    for (String key : live.toMap().keySet()) {
      if (!committed.containsKey(key)) {
        live.remove(key);
      }
    }
    committed.forEach(live::put);
  }
}
