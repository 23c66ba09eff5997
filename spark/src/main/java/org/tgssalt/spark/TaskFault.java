package org.tgssalt.spark;

import java.io.Serializable;
import org.apache.spark.TaskContext;

/**
 * A test-only hook into the scoring tasks: called before each batch, it may throw to make a task fail
 * midway (after it has emitted rows), so that tests can watch Spark retry it. Production code passes none.
 */
@FunctionalInterface
interface TaskFault extends Serializable {
    /**
     * @param task the running task (partition, attempt number)
     * @param batch the batch about to be scored in this task, from 0
     */
    void beforeBatch(TaskContext task, int batch);
}
