extensions = ["myst_parser", "playbook.diagrams"]
project = "Diagram print test book"
version = release = "1"
epub_identifier = epub_uid = "urn:uuid:0b0e6b9e-7a43-4e0f-8a55-1f4a0c6d9e22"
