package org.negscope.ui;

import org.negscope.ui.capture.OpenDocuments;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

public class NegScopeWorkbenchAdvisor extends WorkbenchAdvisor {
    private final OpenDocuments documents;

    NegScopeWorkbenchAdvisor(OpenDocuments documents) {
        this.documents = documents;
    }

    @Override
    public void initialize(IWorkbenchConfigurer configurer) {
        // Editors hold analyses of files that may be gone next time: start clean every time.
        configurer.setSaveAndRestore(false);
    }

    @Override
    public String getInitialWindowPerspectiveId() { return Perspective.ID; }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new NegScopeWindowAdvisor(configurer, documents);
    }
}
