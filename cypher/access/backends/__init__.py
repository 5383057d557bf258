"""What differs between the Bolt servers the product supports, one module a backend.
"""
