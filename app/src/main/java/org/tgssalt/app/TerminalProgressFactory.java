package org.tgssalt.app;

import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tgssalt.progress.Progress;
import org.tgssalt.progress.ProgressFactory;

/**
 * A progress bar on the terminal (me.tongfei:progressbar), used when standard error is a console.
 * Without a terminal the bar prints poorly, so {@link #usable()} is false and the runtime's plain
 * periodic lines are used instead.
 */
public final class TerminalProgressFactory implements ProgressFactory {
    @Override
    public boolean usable() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public Progress start(String task, long total, String unit) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setUpdateIntervalMillis((int) Duration.ofMillis(250).toMillis())
                .continuousUpdate()
                .build();
        return new Progress() {
            @Override
            public void step(long n) {
                bar.stepBy(n);
            }

            @Override
            public void status(String text) {
                bar.setExtraMessage(text);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
