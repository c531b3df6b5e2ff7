package org.negscope.ui;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.handlers.HandlerUtil;
import org.osgi.framework.FrameworkUtil;

/** Help > About NegScope. */
public class AboutHandler extends AbstractHandler {
    static String text() {
        var bundle = FrameworkUtil.getBundle(AboutHandler.class);
        String version = bundle == null ? "" : " " + bundle.getVersion();
        return "NegScope" + version + "\n\n"
                + "Why was the SMB connection torn down during Validate Negotiate?\n"
                + "NegScope reads pcap/pcapng captures, compares each connection's NEGOTIATE and\n"
                + "FSCTL_VALIDATE_NEGOTIATE_INFO exchanges field by field (MS-SMB2 3.3.5.15.12 and\n"
                + "3.2.5.14.12), and says who dropped the connection and why.\n\n"
                + "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        MessageDialog.openInformation(HandlerUtil.getActiveShellChecked(event), "About NegScope", text());
        return null;
    }
}
