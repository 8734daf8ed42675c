print("fl-codegen: in progress")
