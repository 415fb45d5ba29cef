"""Reading UN meeting reports (.docx, .pdf) into outcome files, with suggested topics."""
