package org.negscope.ui.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.handlers.HandlerUtil;
import org.negscope.analysis.AnalysisResult;
import org.negscope.analysis.ConnectionReport;
import org.negscope.remedy.HostOs;
import org.negscope.remedy.Remedy;
import org.negscope.remedy.RemedyAdvisor;
import org.negscope.report.HtmlReport;
import org.negscope.report.TextReport;

/**
 * File > Export Report…: the active capture's analysis as a self-contained HTML page or a text file (by the
 * chosen extension), rendered by org.negscope.report with the advice for each connection, as for a ticket.
 */
public class ExportReportHandler extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        Shell shell = HandlerUtil.getActiveShellChecked(event);
        IEditorPart editor = HandlerUtil.getActiveEditor(event);
        if (!(editor instanceof CaptureEditor capture)) {
            MessageDialog.openInformation(shell, "Export Report", "Open a capture first (File > Open Capture\u2026).");
            return null;
        }
        AnalysisResult result = capture.pane().result();
        if (result == null) {
            MessageDialog.openInformation(shell, "Export Report", "The analysis of " + capture.pane().file()
                    + " has not finished" + (capture.pane().errorText() != null ? ": the file could not be read." : " yet."));
            return null;
        }
        FileDialog dialog = new FileDialog(shell, SWT.SAVE);
        dialog.setText("Export Report");
        dialog.setFilterExtensions(new String[] {"*.html", "*.txt"});
        dialog.setFilterNames(new String[] {"HTML page (*.html)", "Text (*.txt)"});
        dialog.setFileName(defaultName(capture.pane().file()));
        dialog.setOverwrite(true);
        String target = dialog.open();
        if (target == null) {
            return null;
        }
        try {
            export(result, Path.of(target));
        } catch (IOException e) {
            MessageDialog.openError(shell, "Export Report", "Cannot write " + target + ": " + e.getMessage());
        }
        return null;
    }

    /** "customer.pcapng" -> "customer-negscope.html". */
    static String defaultName(Path capture) {
        String name = capture.getFileName().toString();
        int dot = name.indexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + "-negscope.html";
    }

    /** Writes the report; ".txt" gives text (with the scripts), anything else HTML. UTF-8. */
    static void export(AnalysisResult result, Path target) throws IOException {
        // The capture does not say which Windows release the client runs: advice for an unknown OS names the options.
        Function<ConnectionReport, Remedy> remedies = r -> RemedyAdvisor.advise(r, HostOs.unknown());
        boolean text = target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt");
        String content = text ? TextReport.render(result, remedies, true) : HtmlReport.render(result, remedies);
        Files.writeString(target, content, StandardCharsets.UTF_8);
    }
}
