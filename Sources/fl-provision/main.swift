print("fl-provision: in progress")
